/** One plotted point; null values break the line so a gap is drawn as a gap. */
export interface ChartPoint {
  t: number;
  rx: number | null;
  tx: number | null;
}

/** Read-only column view of a series (the renderer keeps samples in typed-array rings). */
export interface SeriesView {
  readonly length: number;
  t(i: number): number;
  rx(i: number): number; // NaN where the sample is a gap
  tx(i: number): number;
}

/**
 * Reduces the samples inside [from, to] to at most `buckets` points, each the mean rate of its
 * time bucket (the area under the curve stays the bytes moved). A bucket that contains a gap
 * emits a null point so the line breaks there instead of bridging the discontinuity.
 */
export function downsample(series: SeriesView, from: number, to: number, buckets: number): ChartPoint[] {
  const out: ChartPoint[] = [];
  const n = series.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.t(mid) < from) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  let count = 0;
  for (let i = first; i < n && series.t(i) <= to; i++) count++;
  if (count <= buckets) {
    for (let i = first; i < first + count; i++) {
      const rx = series.rx(i);
      const tx = series.tx(i);
      out.push({ t: series.t(i), rx: Number.isNaN(rx) ? null : rx, tx: Number.isNaN(tx) ? null : tx });
    }
    return out;
  }
  const width = (to - from) / buckets;
  let i = first;
  const end = first + count;
  for (let b = 0; b < buckets && i < end; b++) {
    const bucketEnd = from + (b + 1) * width;
    let sumRx = 0;
    let sumTx = 0;
    let valid = 0;
    let gap = false;
    for (; i < end && series.t(i) <= bucketEnd; i++) {
      const rx = series.rx(i);
      if (Number.isNaN(rx)) {
        gap = true;
        continue;
      }
      sumRx += rx;
      sumTx += series.tx(i);
      valid++;
    }
    if (valid === 0 && !gap) continue;
    if (gap) out.push({ t: from + b * width, rx: null, tx: null });
    if (valid > 0) out.push({ t: from + (b + 0.5) * width, rx: sumRx / valid, tx: sumTx / valid });
  }
  return out;
}
