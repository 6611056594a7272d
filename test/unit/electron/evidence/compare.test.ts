import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { compareBundles, EvidenceBundle } from '../../../../electron/evidence';
import { healthyFacts } from '../../shared/findings/facts.fixture';
import { identity, quietOptions, target, tempDir } from './tmp.fixture';
import { sample } from './tmp.fixture';

function audit(root: string, name: string, site: string, mutate: (f: ReturnType<typeof healthyFacts>) => void, findings: string[], at: string) {
  const dir = join(root, name);
  const facts = healthyFacts();
  mutate(facts);
  const bundle = EvidenceBundle.create(dir, { identity: { ...identity, site }, target }, quietOptions({ now: () => new Date(at) }));
  bundle.writeFacts(facts);
  bundle.writeFindings({ findings: findings.map((id) => ({ id, title: id, severity: 'high', evidence: [] })) });
  bundle.close();
  return dir;
}

describe('compare with an earlier audit', () => {
  it('gives baseline deltas and findings opened and closed', () => {
    const root = tempDir();
    const old = audit(root, 'old', 'Waterworks North', () => undefined, ['pptp-in-use', 'weak-mppe:key-length'], '2025-11-01T10:00:00Z');
    const neu = audit(
      root,
      'new',
      'waterworks  north',
      (f) => {
        f.latency!.report = { ...f.latency!.report, rtt: { minMs: 30, avgMs: 60.5, maxMs: 90, mdevMs: 9 }, jitterMs: 7, lossPercent: 2 };
        f.interfaces!.interfaces[0]!.mtu = 1496;
      },
      ['pptp-in-use', 'mtu-fragmentation'],
      '2026-11-24T10:00:00Z',
    );
    const cmp = compareBundles(old, neu);
    expect(cmp.sameSite).toBe(true);
    const byName = Object.fromEntries(cmp.metrics.map((m) => [m.metric, m]));
    expect(byName['latency avg']).toEqual({ metric: 'latency avg', unit: 'ms', old: 24.3, new: 60.5, delta: 36.2 });
    expect(byName['jitter']).toMatchObject({ old: 2.5, new: 7, delta: 4.5 });
    expect(byName['loss']).toMatchObject({ old: 0, new: 2, delta: 2 });
    expect(byName['tunnel MTU']).toMatchObject({ old: 1400, new: 1496, delta: 96 });
    expect(byName['throughput rx max']).toMatchObject({ old: 20, new: 20, delta: 0 });
    expect(cmp.findingsOpened.map((f) => f.id)).toEqual(['mtu-fragmentation']);
    expect(cmp.findingsClosed.map((f) => f.id)).toEqual(['weak-mppe:key-length']);
    expect(cmp.findingsUnchanged.map((f) => f.id)).toEqual(['pptp-in-use']);
    expect(cmp.warnings).toEqual([]);
  });

  it('falls back to raw samples for throughput and warns about a different site and missing files', () => {
    const root = tempDir();
    const a = join(root, 'a');
    const b1 = EvidenceBundle.create(a, { identity, target }, quietOptions({ now: () => new Date('2026-01-01T00:00:00Z') }));
    b1.appendSamples([sample(0, { gap: true, intervalMs: null, rxBps: null, txBps: null, gapReason: 'start' }), sample(500), sample(1000, { rxBps: 16_000_000 })]);
    b1.close();
    const b = join(root, 'b');
    EvidenceBundle.create(b, { identity: { ...identity, site: 'Grid Substation 4' }, target }, quietOptions({ now: () => new Date('2026-02-01T00:00:00Z') })).close();
    const cmp = compareBundles(a, b);
    expect(cmp.sameSite).toBe(false);
    const rx = cmp.metrics.find((m) => m.metric === 'throughput rx avg');
    expect(rx).toMatchObject({ old: 12, new: null, delta: null });
    expect(cmp.metrics.find((m) => m.metric === 'throughput rx max')?.old).toBe(16);
    expect(cmp.warnings[0]).toMatch(/different sites/);
    expect(cmp.warnings.some((w) => /no findings\.json/.test(w))).toBe(true);
  });
});
