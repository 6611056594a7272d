import type { Command } from 'commander';
import { resumeBundle } from '../../evidence';
import { UsageError } from '../errors';
import { terminalSafe as t } from '../terminalText';

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
    .action((dir: string, options: { json?: boolean }) => {
      let result;
      try {
        result = resumeBundle(dir);
      } catch (error) {
        throw new UsageError(t((error as Error).message));
      }
      result.bundle.close();
      const r = result.report;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        [
          `recovered ${t(dir)}`,
          `  torn last lines set aside: ${r.tornLines.length}`,
          `  commands interrupted: ${r.interruptedCommands.map((c) => `${c.seq} ${t(c.op)}`).join(', ') || 'none'}`,
          `  files written since the last seal: ${r.sinceManifest.length}`,
          '',
        ].join('\n'),
      );
    });
}
