import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compareBundles, readBundle, verifyBundle } from '../../../../electron/evidence';

// A real bundle written by this version on a loopback "audit" (see test/fixtures/evidence/make-golden.ts).
const golden = new URL('../../../fixtures/evidence/golden-lo', import.meta.url).pathname;

describe('golden bundle (real tool output, written by this version)', () => {
  it('still verifies intact and closed', () => {
    const report = verifyBundle(golden);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ intact: true, state: 'closed' });
    expect(report.files.length).toBe(13);
  });

  it('reads back every record: commands, samples, checklist, notes, findings, custody', () => {
    const b = readBundle(golden);
    expect(b.audit?.identity.site).toBe('Loopback Lab');
    expect(b.commands.map((c) => [c.seq, c.op])).toEqual([
      [1, 'ip.addr'],
      [2, 'modules.list'],
      [3, 'ping.run'],
    ]);
    expect(b.commands[2]?.argv).toEqual(['ping', '-n', '-i', '0.2', '-s', '1400', '-c', '10', '127.0.0.1']);
    expect(b.samples).toHaveLength(10);
    expect(b.samples[0]).toMatchObject({ gap: true, gapReason: 'start' });
    expect(b.checklist?.steps.capture.status).toBe('skipped');
    expect(b.checklist?.steps.latency.runs[0]?.verdict?.level).toBe('pass');
    expect(b.notes[0]?.text).toContain('loopback');
    expect((b.findings as { risk: { rating: string } }).risk.rating).toBe('medium');
    expect(b.custody.map((c) => c.event)).toEqual(['created', 'closed']);
    expect(b.damage).toEqual([]);
    expect(b.interrupted).toEqual([]);
  });

  it('compares with itself as no change', () => {
    const c = compareBundles(golden, golden);
    expect(c.findingsOpened).toEqual([]);
    expect(c.findingsClosed).toEqual([]);
    expect(c.metrics.every((m) => m.delta === null || m.delta === 0)).toBe(true);
    // The baseline latency is the one ping printed in the bundle's raw output.
    const ping = readFileSync(`${golden}/outputs/0003-ping.run.stdout`, 'utf8');
    const avg = Number(/rtt min\/avg\/max\/mdev = [\d.]+\/([\d.]+)\//.exec(ping)?.[1]);
    expect(c.metrics.find((m) => m.metric === 'latency avg')?.old).toBe(avg);
  });
});
