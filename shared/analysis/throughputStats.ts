import type { DirectionStats, ThroughputSample, ThroughputStats } from '../model/throughput';

class DirectionAccumulator {
  current: number | null = null;
  min: number | null = null;
  max: number | null = null;
  bits = 0;
  bytes = 0;
  packets = 0;
  errors = 0;
  dropped = 0;

  add(bps: number | null, pps: number | null, intervalMs: number, errors: number, dropped: number) {
    this.errors += errors;
    this.dropped += dropped;
    if (bps === null) return;
    this.current = bps;
    this.min = this.min === null ? bps : Math.min(this.min, bps);
    this.max = this.max === null ? bps : Math.max(this.max, bps);
    const seconds = intervalMs / 1000;
    this.bits += bps * seconds;
    this.bytes += (bps * seconds) / 8;
    this.packets += (pps ?? 0) * seconds;
  }

  snapshot(measuredSeconds: number): DirectionStats {
    return {
      currentBps: this.current,
      avgBps: measuredSeconds > 0 ? this.bits / measuredSeconds : null,
      minBps: this.min,
      maxBps: this.max,
      totalBytes: Math.round(this.bytes),
      totalPackets: Math.round(this.packets),
      errors: this.errors,
      dropped: this.dropped,
    };
  }
}

/**
 * current / avg / min / max / total per direction, as nload shows them, but computed only over
 * valid intervals: the traffic of a gap is unknown, so it is neither counted nor averaged.
 */
export class ThroughputStatsAccumulator {
  private readonly rx = new DirectionAccumulator();
  private readonly tx = new DirectionAccumulator();
  private samples = 0;
  private gaps = 0;
  private measuredMs = 0;

  add(sample: ThroughputSample): void {
    this.samples += 1;
    if (sample.gap || sample.intervalMs === null) {
      this.gaps += sample.gapReason === null ? 0 : 1;
      this.rx.current = null;
      this.tx.current = null;
      return;
    }
    this.measuredMs += sample.intervalMs;
    this.rx.add(sample.rxBps, sample.rxPps, sample.intervalMs, sample.rxErrors, sample.rxDropped);
    this.tx.add(sample.txBps, sample.txPps, sample.intervalMs, sample.txErrors, sample.txDropped);
  }

  snapshot(): ThroughputStats {
    const seconds = this.measuredMs / 1000;
    return {
      rx: this.rx.snapshot(seconds),
      tx: this.tx.snapshot(seconds),
      samples: this.samples,
      gaps: this.gaps,
      measuredSeconds: seconds,
    };
  }
}

export function summariseSamples(samples: Iterable<ThroughputSample>): ThroughputStats {
  const acc = new ThroughputStatsAccumulator();
  for (const s of samples) acc.add(s);
  return acc.snapshot();
}

/** Share of the link's capacity used, 0..1+, or null without a known capacity. */
export function utilisation(bps: number | null, linkSpeedMbps: number | null): number | null {
  if (bps === null || linkSpeedMbps === null || linkSpeedMbps <= 0) return null;
  return bps / (linkSpeedMbps * 1e6);
}
