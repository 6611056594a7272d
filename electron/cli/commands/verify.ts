import type { Command } from 'commander';
import type { VerifyReport } from '../../../shared/model/evidence';
import { isDirectory, verifyBundle } from '../../evidence/verify';
import { UsageError } from '../errors';
import { terminalSafe as t } from '../terminalText';

export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  const counted = report.files.length;
  // Problems quote file names from the folder listing, which may hold escape sequences.
  if (report.state === 'unreadable') lines.push(`TAMPERED OR DAMAGED: ${t(report.dir)}`);
  else if (report.intact) lines.push(`INTACT: ${t(report.dir)} (${counted} files match the manifest; bundle ${report.state})`);
  else lines.push(`TAMPERED: ${t(report.dir)} (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}; bundle ${report.state})`);
  for (const p of report.problems) lines.push(`  ${t(p)}`);
  for (const w of report.warnings) lines.push(`  warning: ${t(w)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `pptp-auditor verify DIR`: exit 0 when every file matches the manifest, 1 when anything was
 * changed, added or removed (or the manifest itself is damaged), 2 on usage errors.
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Check an evidence bundle against its manifest: names every file changed, added or missing (exit 0 intact, 1 tampered, 2 usage)')
    .argument('<dir>', 'evidence bundle folder')
    .option('--json', 'print the report as JSON')
    .action((dir: string, options: { json?: boolean }) => {
      if (!isDirectory(dir)) throw new UsageError(`${JSON.stringify(dir)} is not a folder`);
      const report = verifyBundle(dir);
      if (report.state === 'unreadable' && /not an evidence bundle/.test(report.problems[0] ?? '')) {
        throw new UsageError(`${JSON.stringify(dir)} is not an evidence bundle (no manifest.json)`);
      }
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
      process.exitCode = report.intact ? 0 : 1;
    });
}
