import { describe, expect, it } from 'vitest';
import { computeLongTermBaseline, gapThresholdSeconds } from '../../../../shared/baseline/longTermBaseline';
import { chunkRanges, joinImportedSeries, type CounterPoints } from '../../../../shared/baseline/longTermSeries';
import { longTermBaselineSchema } from '../../../../shared/baseline/longTermSchema';
import { summariseLongTermBaseline } from '../../../../shared/baseline/longTermSummary';
import type { PromSeries } from '../../../../shared/baseline/prometheusResponse';

// Inputs here are computed counters (a known rate), not tool output: the arithmetic under test.
const T0 = 1_700_000_000;
const source = (from: number, to: number) => ({ prometheus: 'http://prom/', instance: 'gw:9100', device: 'ppp0', from, to, stepSeconds: 1, queries: 2 });

interface Piece {
  seconds: number;
  /** bytes per second on both directions */
  rate: number;
  ifindex: number;
  /** counter value at the start of the piece; by default it continues the previous piece */
  startAt?: number;
  absentBefore?: boolean;
  /** seconds of silence (no scrape) before this piece */
  pauseBefore?: number;
}

function scrapes(pieces: Piece[]): CounterPoints {
  const t: number[] = [];
  const v: number[] = [];
  const ix: number[] = [];
  const absent: number[] = [];
  let now = T0;
  let counter = 0;
  for (const p of pieces) {
    now += p.pauseBefore ?? 0;
    if (p.startAt !== undefined) counter = p.startAt;
    for (let s = 0; s < p.seconds; s++) {
      t.push(now);
      v.push(counter);
      ix.push(p.ifindex);
      absent.push(s === 0 && p.absentBefore ? 1 : 0);
      now += 1;
      counter += p.rate;
    }
  }
  return {
    t: Float64Array.from(t),
    rx: Float64Array.from(v),
    tx: Float64Array.from(v),
    ifindex: Float64Array.from(ix),
    absentBefore: Uint8Array.from(absent),
  };
}

describe('computeLongTermBaseline', () => {
  it('measures a steady counter exactly and validates against its own schema', () => {
    const points = scrapes([{ seconds: 100, rate: 1000, ifindex: 5 }]);
    const b = computeLongTermBaseline(points, source(T0, T0 + 99));
    expect(b.overall.tx).toMatchObject({ p50: 8000, p95: 8000, p99: 8000, peak: 8000 });
    expect(b.overall.intervals).toBe(99);
    expect(b.segments).toHaveLength(1);
    expect(b.gaps).toEqual([]);
    expect(longTermBaselineSchema.safeParse(b).success).toBe(true);
  });

  it('never computes a rate across a re-creation whose new counters start above the old ones (the phantom)', () => {
    // 10 kB/s, then the interface is replaced between two scrapes by one whose counter is 1 GB higher.
    const points = scrapes([
      { seconds: 60, rate: 10_000, ifindex: 7 },
      { seconds: 60, rate: 10_000, ifindex: 9, startAt: 1e9 },
    ]);
    const b = computeLongTermBaseline(points, source(T0, T0 + 119));
    expect(b.overall.rx!.peak).toBe(80_000);
    expect(b.recreations).toEqual([{ at: T0 + 60, fromIfindex: 7, toIfindex: 9, acrossGap: false }]);
    expect(b.segments.map((s) => s.endedBy)).toEqual(['ifindex-change', 'end']);
    expect(b.counterResets).toBe(0);
  });

  it('never bridges an absence, even when the counters carry on (a redial of the same ifindex)', () => {
    const points = scrapes([
      { seconds: 30, rate: 1000, ifindex: 3 },
      { seconds: 30, rate: 1000, ifindex: 3, startAt: 5e6, absentBefore: true },
    ]);
    const b = computeLongTermBaseline(points, source(T0, T0 + 59));
    expect(b.overall.rx!.peak).toBe(8000);
    expect(b.gaps).toHaveLength(1);
    expect(b.segments.map((s) => s.endedBy)).toEqual(['gap', 'end']);
  });

  it('treats a long silence between scrapes as a gap, listed with its length', () => {
    const points = scrapes([
      { seconds: 30, rate: 1000, ifindex: 3 },
      { seconds: 30, rate: 1000, ifindex: 3, pauseBefore: 600, startAt: 1e7 },
    ]);
    const b = computeLongTermBaseline(points, source(T0, T0 + 659));
    expect(b.gaps).toEqual([{ from: T0 + 29, to: T0 + 630, seconds: 601 }]);
    expect(b.overall.rx!.peak).toBe(8000);
  });

  it('splits at a counter reset and never reports a negative rate', () => {
    const points = scrapes([
      { seconds: 30, rate: 1000, ifindex: 3, startAt: 1e6 },
      { seconds: 30, rate: 1000, ifindex: 3, startAt: 0 },
    ]);
    const b = computeLongTermBaseline(points, source(T0, T0 + 59));
    expect(b.counterResets).toBe(1);
    expect(b.overall.rx!.p50).toBe(8000);
    expect(Math.min(...b.hourly.map((h) => h.rx.p50))).toBeGreaterThan(0);
  });

  it('lists the part of the range Prometheus has no data for (retention shorter than the range)', () => {
    const points = scrapes([{ seconds: 10, rate: 1, ifindex: 1 }]);
    const b = computeLongTermBaseline(points, source(T0 - 86_400, T0 + 9));
    expect(b.gaps[0]).toEqual({ from: T0 - 86_400, to: T0, seconds: 86_400 });
    expect(summariseLongTermBaseline(b).coverageRatio).toBeLessThan(0.001);
  });

  it('buckets per hour and per day (UTC) with percentiles of the intervals ending there', () => {
    const start = Math.ceil(T0 / 86_400) * 86_400 - 1800; // 30 min before midnight UTC
    const points = scrapes([{ seconds: 3600, rate: 100, ifindex: 1 }]);
    const shifted = { ...points, t: points.t.map((t) => t - T0 + start) };
    const b = computeLongTermBaseline(shifted, source(start, start + 3599));
    expect(b.hourly.map((h) => h.start - start)).toEqual([-1800, 1800]);
    expect(b.daily).toHaveLength(2);
    expect(b.daily[0]!.intervals + b.daily[1]!.intervals).toBe(3599);
  });

  it('bridges one missed scrape (its rate is still a true mean) but not an outage', () => {
    const t = Float64Array.from([0, 1, 2, 3, 5, 6, 7]);
    expect(gapThresholdSeconds(t, 1)).toBe(2.5);
  });
});

describe('joinImportedSeries', () => {
  const series = (t: number[], v: number[]): PromSeries => ({ labels: {}, t: Float64Array.from(t), v: Float64Array.from(v) });

  it('uses the scrape times, skips repeated scrapes and marks absence from missing grid points', () => {
    const grid = [10, 11, 12, 13, 16, 17];
    const p = joinImportedSeries({
      rx: series(grid, [1, 1, 2, 3, 9, 10]),
      tx: series(grid, [1, 1, 2, 3, 9, 10]),
      ifindex: series(grid, [4, 4, 4, 4, 4, 4]),
      sampleTime: series(grid, [9.8, 9.8, 11.9, 12.8, 15.7, 16.9]),
      stepSeconds: 1,
    });
    expect(Array.from(p.t)).toEqual([9.8, 11.9, 12.8, 15.7, 16.9]);
    expect(Array.from(p.absentBefore)).toEqual([0, 0, 0, 1, 0]);
  });

  it('a grid point where ifindex is missing is absence too', () => {
    const grid = [1, 2, 3];
    const p = joinImportedSeries({
      rx: series(grid, [1, 2, 3]),
      tx: series(grid, [1, 2, 3]),
      ifindex: series([1, 3], [4, 4]),
      sampleTime: series(grid, [1, 2, 3]),
      stepSeconds: 1,
    });
    expect(Array.from(p.t)).toEqual([1, 3]);
    expect(Array.from(p.absentBefore)).toEqual([0, 1]);
  });
});

describe('chunkRanges', () => {
  it('never asks more than the cap per series, nor a grid point twice, and covers the range', () => {
    const step = 60;
    const start = 1_000_000 * step;
    const end = start + 30 * 86_400;
    const chunks = chunkRanges(start, end, step, 11_000);
    let expected = start;
    for (const c of chunks) {
      expect(c.start).toBe(expected);
      expect((c.end - c.start) / step + 1).toBeLessThanOrEqual(11_000);
      expected = c.end + step;
    }
    expect(chunks.at(-1)!.end).toBe(end);
    expect(chunks).toHaveLength(4);
  });
});
