import { resumeBundle } from '../../evidence';
import { UsageError } from '../errors';
import { terminalSafe as t } from '../terminalText';

export function runRecover(dir: string, options: { json?: boolean }): void {
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
}
