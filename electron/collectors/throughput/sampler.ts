import { RateTracker } from '../../../shared/analysis/rates';
import type { ThroughputSample } from '../../../shared/model/throughput';
import { readCounters, systemClock, type SamplerClock } from './readCounters';

export interface SamplerOptions {
  iface: string;
  intervalMs: number;
  onSample: (sample: ThroughputSample) => void;
  onError?: (error: Error) => void;
  clock?: SamplerClock;
}

/**
 * Samples one interface at a fixed cadence. Ticks are scheduled against the start time
 * (not "interval after the previous read") so the cadence does not drift, and a read never
 * overlaps the previous one (reads are synchronous). A vanished interface keeps being polled: it shows as absent and
 * is picked up again when pppd re-creates it.
 */
export class ThroughputSampler {
  private readonly tracker: RateTracker;
  private readonly clock: SamplerClock;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private tick = 0;
  private startMono = 0;

  constructor(private readonly options: SamplerOptions) {
    this.tracker = new RateTracker(options.iface);
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startMono = this.clock.mono();
    this.tick = 0;
    this.sampleOnce();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private sampleOnce(): void {
    if (!this.running) return;
    try {
      const reading = readCounters(this.options.iface, this.clock);
      this.options.onSample(this.tracker.next(reading));
    } catch (error) {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
    if (!this.running) return;
    const now = this.clock.mono();
    // Skip ticks we are already late for instead of bursting to catch up.
    do this.tick += 1;
    while (this.startMono + this.tick * this.options.intervalMs <= now);
    const wait = this.startMono + this.tick * this.options.intervalMs - now;
    this.timer = setTimeout(() => this.sampleOnce(), wait);
  }
}
