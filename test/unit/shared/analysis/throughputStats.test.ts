import { describe, expect, it } from 'vitest';
import { summariseSamples, utilisation } from '../../../../shared/analysis/throughputStats';
import { downsample, type SeriesView } from '../../../../shared/analysis/downsample';
import type { ThroughputSample } from '../../../../shared/model/throughput';

function s(t: number, rxBps: number | null, gapReason: ThroughputSample['gapReason'] = null): ThroughputSample {
  const gap = rxBps === null;
  return {
    t, iface: 'ppp0', ifindex: 3, present: true, intervalMs: gap ? null : 1000,
    rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0,
    rxBps, txBps: rxBps === null ? null : rxBps / 2, rxPps: gap ? null : 10, txPps: gap ? null : 5,
    rxErrors: gap ? 0 : 1, txErrors: 0, rxDropped: 0, txDropped: 0, gap, gapReason,
  };
}

describe('throughput statistics', () => {
  it('gives current/avg/min/max/total over valid intervals only', () => {
    const stats = summariseSamples([s(0, null, 'start'), s(1000, 8000), s(2000, 16000), s(3000, null, 'ifindex-changed'), s(4000, 24000)]);
    expect(stats.rx).toMatchObject({ currentBps: 24000, avgBps: 16000, minBps: 8000, maxBps: 24000, totalBytes: 6000, totalPackets: 30, errors: 3 });
    expect(stats.tx.avgBps).toBe(8000);
    expect(stats.gaps).toBe(2);
    expect(stats.measuredSeconds).toBe(3);
  });

  it('has no current rate right after a gap', () => {
    expect(summariseSamples([s(0, null, 'start'), s(1000, 8000), s(2000, null, 'vanished')]).rx.currentBps).toBeNull();
  });

  it('computes utilisation against the link capacity', () => {
    expect(utilisation(50e6, 100)).toBe(0.5);
    expect(utilisation(50e6, null)).toBeNull();
  });
});

function view(points: Array<[number, number]>): SeriesView {
  return { length: points.length, t: (i) => points[i]![0], rx: (i) => points[i]![1], tx: (i) => points[i]![1] / 2 };
}

describe('downsample', () => {
  it('keeps every point when they fit', () => {
    expect(downsample(view([[0, 1], [1, 2]]), 0, 10, 100)).toHaveLength(2);
  });

  it('averages each bucket, keeping the mean rate', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => [i, i % 2 === 0 ? 0 : 10] as [number, number]);
    const out = downsample(view(pts), 0, 999, 10);
    expect(out.length).toBeLessThanOrEqual(10);
    for (const p of out) expect(p.rx).toBeCloseTo(5, 0);
  });

  it('breaks the line where a bucket holds a gap', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => [i, i === 500 ? Number.NaN : 1] as [number, number]);
    const out = downsample(view(pts), 0, 999, 10);
    expect(out.some((p) => p.rx === null)).toBe(true);
    expect(out.map((p) => p.t)).toEqual([...out.map((p) => p.t)].sort((a, b) => a - b));
  });

  it('only looks inside the window', () => {
    const pts = Array.from({ length: 100 }, (_, i) => [i, i] as [number, number]);
    const out = downsample(view(pts), 90, 99, 100);
    expect(out[0]!.t).toBe(90);
  });
});
