import type { Command } from 'commander';

export function registerWatch(program: Command): void {
  program.command('watch').description('(being built)').action(() => {
    throw new Error('not implemented yet');
  });
}
