import type { Command } from 'commander';

/**
 * After a crash (power cut, kill -9 mid-capture): keeps everything on disk, sets aside a torn
 * last line, records the recovery in the custody log, and seals the bundle so it can be
 * verified, reported and compared like any finished audit.
 */
export function registerRecover(program: Command): void {
  program
    .command('recover')
    .description('seal an audit folder left open by a crash (keeps all evidence, records the recovery)')
    .argument('<dir>', 'the audit folder')
    .option('--json', 'print the recovery report as JSON')
    .action(async (dir: string, options: { json?: boolean }) => {
      const { runRecover } = await import('../actions/recover');
      runRecover(dir, options);
    });
}
