import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { WireDecoder } from '../../../shared/wire/wireDecoder';
import { formatWireSummary } from '../../../shared/wire/summaryText';
import type { WireReport } from '../../../shared/wire/report';
import { UsageError } from '../errors';

const CHUNK = 1 << 20;

/** Streams a capture file through the wire decoder in fixed chunks: memory stays flat. */
export function analyzeFile(path: string): WireReport {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot open ${JSON.stringify(path)}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`,
    );
  }
  try {
    if (!fstatSync(fd).isFile())
      throw new UsageError(`${JSON.stringify(path)} is not a regular file`);
    const decoder = new WireDecoder();
    const buf = new Uint8Array(CHUNK);
    for (;;) {
      const got = readSync(fd, buf, 0, CHUNK, null);
      if (got <= 0) break;
      decoder.push(buf.subarray(0, got));
      if (decoder.reader.stopped) break;
    }
    return decoder.finish();
  } finally {
    closeSync(fd);
  }
}

export function runAnalyze(file: string, options: { json?: boolean }): void {
  const report = analyzeFile(file);
  const damage = report.status.damage;
  if (damage?.kind === 'not-a-capture') throw new UsageError(`${file}: ${damage.message}`);
  process.stdout.write(
    options.json ? JSON.stringify(report, null, 2) + '\n' : formatWireSummary(report, file),
  );
  if (damage)
    process.stderr.write(
      `pptp-auditor: warning: ${damage.message}; results cover the capture up to that point\n`,
    );
}
