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

export function runVerify(dir: string, options: { json?: boolean }): void {
  if (!isDirectory(dir)) throw new UsageError(`${JSON.stringify(dir)} is not a folder`);
  const report = verifyBundle(dir);
  if (report.state === 'unreadable' && /not an evidence bundle/.test(report.problems[0] ?? '')) {
    throw new UsageError(`${JSON.stringify(dir)} is not an evidence bundle (no manifest.json)`);
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
  process.exitCode = report.intact ? 0 : 1;
}
