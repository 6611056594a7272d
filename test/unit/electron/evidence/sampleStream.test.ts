import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readBundle } from '../../../../electron/evidence';
import { BUNDLE_FILES } from '../../../../electron/evidence/layout';
import { readSampleColumns, streamBundleJsonl } from '../../../../electron/evidence/sampleStream';
import { openSavedAudit } from '../../../../electron/audit/savedAudits';

const golden = new URL('../../../fixtures/evidence/golden-lo', import.meta.url).pathname;
const work = mkdtempSync(path.join(tmpdir(), 'pa-sample-stream-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A copy of the real golden bundle whose samples file is `samples` (bytes). */
function bundleWithSamples(samples: Buffer | string): string {
  const dir = path.join(work, `b${n++}`);
  cpSync(golden, dir, { recursive: true });
  writeFileSync(path.join(dir, BUNDLE_FILES.samples), samples);
  return dir;
}

const realLines = readFileSync(path.join(golden, BUNDLE_FILES.samples), 'utf8').split('\n').filter(Boolean);

describe('streamed samples (replay of long audits)', () => {
  it('gives the same samples, in order, as reading the file whole, for the real golden bundle', () => {
    const whole = readBundle(golden).samples;
    const seen: unknown[] = [];
    expect(streamBundleJsonl(golden, BUNDLE_FILES.samples, (v) => seen.push(v))).toEqual({ torn: false, badLines: [] });
    expect(seen).toEqual(whole);
    const columns = readSampleColumns(golden);
    expect(columns.length).toBe(whole.length);
    expect(Array.from(columns.t.subarray(0, columns.length))).toEqual(whole.map((s) => s.t));
    expect(Number.isNaN(columns.rx[0]!)).toBe(true); // the first sample is a gap: no rate
    expect(columns.rx[1]).toBe(whole[1]!.rxBps);
  });

  it('joins lines split across 1 MiB reads, multi-byte characters included', () => {
    // Real records, padded so records straddle the 1 MiB read boundary; one carries "é" (2 bytes) in its gapReason.
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 3 * (1 << 20); i++) {
      const record = JSON.parse(realLines[i % realLines.length]!) as Record<string, unknown>;
      record.t = 1_000 + i;
      record.iface = `ppp${'é'.repeat(i % 7)}`;
      const line = JSON.stringify(record);
      lines.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
    const dir = bundleWithSamples(`${lines.join('\n')}\n`);
    const seen: Array<{ t: number; iface: string }> = [];
    streamBundleJsonl(dir, BUNDLE_FILES.samples, (v) => seen.push(v as { t: number; iface: string }));
    expect(seen.length).toBe(lines.length);
    expect(seen.map((s) => s.iface)).toEqual(readBundle(dir).samples.map((s) => s.iface));
    expect(seen.every((s, i) => s.t === 1_000 + i)).toBe(true);
  });

  it('reports a torn last line and bad lines as readBundle does, and replay names them', () => {
    const text = `${realLines[1]}\nnot json\n\n${realLines[2]}\n{"t":`;
    const dir = bundleWithSamples(text);
    const whole = readBundle(dir);
    const columns = readSampleColumns(dir);
    expect(columns.length).toBe(2);
    expect(columns.damage).toEqual({ torn: true, badLines: [2] });
    expect(whole.damage.find((d) => d.file === BUNDLE_FILES.samples)).toEqual({ file: BUNDLE_FILES.samples, ...columns.damage });
    expect(openSavedAudit(dir, 'x').problems).toContain(`${BUNDLE_FILES.samples}: torn last line skipped`);
  });

  it('skips records that are not samples (no numeric t) without failing', () => {
    const dir = bundleWithSamples(`${realLines[1]}\n{"t":"soon"}\n[]\nnull\n${realLines[2]}\n`);
    expect(readSampleColumns(dir).length).toBe(2);
  });

  it('refuses a samples file that is a symbolic link (the evidence chokepoint still applies)', () => {
    const dir = bundleWithSamples('');
    rmSync(path.join(dir, BUNDLE_FILES.samples));
    symlinkSync('/etc/passwd', path.join(dir, BUNDLE_FILES.samples));
    expect(() => readSampleColumns(dir)).toThrow(/refused .*samples\/throughput\.jsonl/);
  });

  it('replays the same chart as before: the 900-point downsample of every sample', () => {
    const replay = openSavedAudit(golden, 'g');
    const whole = readBundle(golden).samples;
    expect(replay.throughput.length).toBe(whole.length);
    expect(replay.throughput.map((p) => p.rx)).toEqual(whole.map((s) => s.rxBps));
  });
});
