import type { RateStats } from './longTermSchema';

/** Nearest-rank percentile of an ascending array (no interpolation: every figure was observed). */
export function percentileOfSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50/p95/p99 and the peak (with its time) of interval rates; null when there is none. */
export function rateStats(rates: Float64Array, ends: Float64Array): RateStats | null {
  if (rates.length === 0) return null;
  let peakIndex = 0;
  for (let i = 1; i < rates.length; i++) if (rates[i]! > rates[peakIndex]!) peakIndex = i;
  const sorted = Float64Array.from(rates).sort();
  return {
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    peak: rates[peakIndex]!,
    peakAt: ends[peakIndex]!,
  };
}
