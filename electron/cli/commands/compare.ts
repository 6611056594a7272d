import type { Command } from 'commander';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('Compare an audit with an earlier audit of the same site: baseline deltas and findings opened/closed')
    .argument('<old_dir>', 'the earlier evidence bundle')
    .argument('<new_dir>', 'the later evidence bundle')
    .option('--json', 'print the comparison as JSON')
    .action(async (oldDir: string, newDir: string, options: { json?: boolean }) => {
      const { runCompare } = await import('../actions/compare');
      runCompare(oldDir, newDir, options);
    });
}
