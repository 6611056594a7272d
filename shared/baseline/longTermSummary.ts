import type { LongTermBaseline } from './longTermSchema';

/**
 * The few figures of a long-term baseline one row of a table can hold (`fleet`, the
 * OpenMetrics export). Rates in bits per second; null when no interval could be measured.
 */
export interface LongTermBaselineSummary {
  device: string;
  instance: string;
  from: number;
  to: number;
  rxP95Bps: number | null;
  txP95Bps: number | null;
  rxPeakBps: number | null;
  txPeakBps: number | null;
  recreations: number;
  counterResets: number;
  gaps: number;
  /** Share of the asked range with a measured rate, 0 to 1. */
  coverageRatio: number;
}

export function summariseLongTermBaseline(b: LongTermBaseline): LongTermBaselineSummary {
  const span = b.source.to - b.source.from;
  return {
    device: b.source.device,
    instance: b.source.instance,
    from: b.source.from,
    to: b.source.to,
    rxP95Bps: b.overall.rx?.p95 ?? null,
    txP95Bps: b.overall.tx?.p95 ?? null,
    rxPeakBps: b.overall.rx?.peak ?? null,
    txPeakBps: b.overall.tx?.peak ?? null,
    recreations: b.recreations.length,
    counterResets: b.counterResets,
    gaps: b.gaps.length,
    coverageRatio: span > 0 ? Math.min(1, b.overall.coveredSeconds / span) : 0,
  };
}
