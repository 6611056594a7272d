import type { PromSeries } from './prometheusResponse';

/**
 * The counters of one interface as scraped, one point per scrape: what the rates are computed
 * from. Built from range queries, whose answers are evaluated on a grid of `step` seconds;
 * each grid point carries the last sample at or before it, so the true scrape time is asked
 * for too (`timestamp(…)`) and rates never use the grid's times.
 */
export interface CounterPoints {
  /** True sample (scrape) times, seconds, strictly ascending. */
  t: Float64Array;
  rx: Float64Array;
  tx: Float64Array;
  ifindex: Float64Array;
  /** 1 where the interface was absent from Prometheus' answers just before this point. */
  absentBefore: Uint8Array;
}

/** Appends the chunks of one series, in order (the chunks never overlap: see chunkRanges). */
export function concatSeries(chunks: PromSeries[]): PromSeries {
  const length = chunks.reduce((n, c) => n + c.t.length, 0);
  const t = new Float64Array(length);
  const v = new Float64Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    t.set(chunk.t, offset);
    v.set(chunk.v, offset);
    offset += chunk.t.length;
  }
  return { labels: chunks[0]?.labels ?? {}, t, v };
}

/**
 * The query windows: [start, end] cut so no window has more than `maxPoints` grid points (the
 * range API refuses more than 11,000 per series), consecutive windows one step apart so no
 * grid point is asked twice.
 */
export function chunkRanges(start: number, end: number, step: number, maxPoints: number): Array<{ start: number; end: number }> {
  const chunks: Array<{ start: number; end: number }> = [];
  const span = (maxPoints - 1) * step;
  for (let from = start; from <= end; from += span + step) chunks.push({ start: from, end: Math.min(end, from + span) });
  return chunks;
}

export interface ImportedSeries {
  rx: PromSeries;
  tx: PromSeries;
  ifindex: PromSeries;
  /** `timestamp()` of the receive counter: the time of the scrape each grid point carries. */
  sampleTime: PromSeries;
  stepSeconds: number;
}

/**
 * Joins the four series on their grid times. A grid time missing from any of them is absence
 * (the interface was gone, or not scraped: Prometheus marks it stale); the next point says so.
 * A grid point repeating the previous scrape (step shorter than the scrape interval, or a
 * missed scrape within the lookback) adds nothing and is skipped.
 */
export function joinImportedSeries(input: ImportedSeries): CounterPoints {
  const { rx, tx, ifindex, sampleTime, stepSeconds } = input;
  const capacity = rx.t.length;
  const out = {
    t: new Float64Array(capacity),
    rx: new Float64Array(capacity),
    tx: new Float64Array(capacity),
    ifindex: new Float64Array(capacity),
    absentBefore: new Uint8Array(capacity),
  };
  let n = 0;
  let j = 0; // tx
  let k = 0; // ifindex
  let m = 0; // sampleTime
  let previousGrid = Number.NaN;
  let absent = false;
  for (let i = 0; i < rx.t.length; i++) {
    const grid = rx.t[i]!;
    while (j < tx.t.length && tx.t[j]! < grid) j++;
    while (k < ifindex.t.length && ifindex.t[k]! < grid) k++;
    while (m < sampleTime.t.length && sampleTime.t[m]! < grid) m++;
    if (tx.t[j] !== grid || ifindex.t[k] !== grid || sampleTime.t[m] !== grid) {
      absent = true;
      continue;
    }
    if (!Number.isNaN(previousGrid) && grid - previousGrid > stepSeconds * 1.5) absent = true;
    previousGrid = grid;
    const scrapedAt = sampleTime.v[m]!;
    if (n > 0 && scrapedAt <= out.t[n - 1]!) continue;
    out.t[n] = scrapedAt;
    out.rx[n] = rx.v[i]!;
    out.tx[n] = tx.v[j]!;
    out.ifindex[n] = ifindex.v[k]!;
    out.absentBefore[n] = absent && n > 0 ? 1 : 0;
    absent = false;
    n++;
  }
  return {
    t: out.t.subarray(0, n),
    rx: out.rx.subarray(0, n),
    tx: out.tx.subarray(0, n),
    ifindex: out.ifindex.subarray(0, n),
    absentBefore: out.absentBefore.subarray(0, n),
  };
}
