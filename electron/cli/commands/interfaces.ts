import type { Command } from 'commander';

export function registerInterfaces(program: Command): void {
  program.command('interfaces').description('(being built)').action(() => {
    throw new Error('not implemented yet');
  });
}
