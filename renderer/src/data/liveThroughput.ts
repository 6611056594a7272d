import { downsample } from '../../../shared/analysis/downsample';
import { ThroughputStatsAccumulator } from '../../../shared/analysis/throughputStats';
import type { SampleBatch, ThroughputSample } from '../../../shared/model/throughput';
import { auditor } from '../api/auditor';
import { useAppStore } from '../store/store';
import { SampleRing } from './sampleRing';

const MAX_WINDOW_MS = 8 * 3_600_000;
/** The chart redraws at this rate at most, whatever the sampling rate. */
const PUBLISH_EVERY_MS = 250;
/** Points per series handed to recharts: about one per horizontal pixel pair. */
const CHART_BUCKETS = 900;
const MAX_MARKERS = 1000;

interface GapMarker {
  from: number;
  to: number | null;
  reason: string;
}

/**
 * The live stream of one throughput session. Samples go into a ring and an accumulator
 * outside React; the store only receives a downsampled snapshot a few times per second.
 */
class LiveThroughput {
  private ring: SampleRing | null = null;
  private stats = new ThroughputStatsAccumulator();
  private last: ThroughputSample | null = null;
  private expectedSeq = 0;
  private missedBatches = 0;
  private unsubscribe: (() => void) | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private sessionId: string | null = null;
  private markers: GapMarker[] = [];
  private lastValidT: number | null = null;
  private publishedMarkers = 0;
  private discontinuities = 0;

  async start(iface: string): Promise<void> {
    await this.stop();
    const state = useAppStore.getState();
    try {
      this.unsubscribe = auditor().on('throughput.batch', (batch) => this.accept(batch));
      const started = await auditor().throughput.start({
        iface,
        intervalMs: state.intervalMs,
        linkSpeedMbps: state.enteredLinkSpeedMbps,
      });
      this.sessionId = started.sessionId;
      this.ring = new SampleRing(Math.ceil(MAX_WINDOW_MS / started.intervalMs) + 16);
      this.stats = new ThroughputStatsAccumulator();
      this.last = null;
      this.expectedSeq = 0;
      this.missedBatches = 0;
      this.markers = [];
      this.lastValidT = null;
      this.discontinuities = 0;
      useAppStore.setState({
        session: {
          id: started.sessionId,
          iface: started.iface,
          intervalMs: started.intervalMs,
          linkSpeedMbps: started.linkSpeedMbps,
          linkSpeedSource: started.linkSpeedSource,
        },
        running: true,
        paused: false,
        snapshot: null,
        chart: null,
        throughputError: null,
      });
      this.ticker = setInterval(() => this.publish(), PUBLISH_EVERY_MS);
    } catch (error) {
      this.unsubscribe?.();
      this.unsubscribe = null;
      useAppStore.setState({ running: false, throughputError: error instanceof Error ? error.message : String(error) });
    }
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    const id = this.sessionId;
    this.sessionId = null;
    if (id) {
      this.publish(true);
      await auditor().throughput.stop({ sessionId: id }).catch(() => undefined);
    }
    useAppStore.setState({ running: false });
  }

  private accept(batch: SampleBatch): void {
    if (batch.sessionId !== this.sessionId || !this.ring) return;
    // A batch that never arrived is counted, not hidden: the auditor sees the stream was lossy.
    if (batch.seq > this.expectedSeq) this.missedBatches += batch.seq - this.expectedSeq;
    this.expectedSeq = Math.max(this.expectedSeq, batch.seq + 1);
    for (const sample of batch.samples) {
      this.ring.push(sample.t, sample.rxBps, sample.txBps);
      this.stats.add(sample);
      this.trackGap(sample);
      if (sample.gapReason !== null && sample.gapReason !== 'start') this.discontinuities++;
      this.last = sample;
    }
  }

  /** A discontinuity is shown as a shaded span from the last good sample to the next one. */
  private trackGap(sample: ThroughputSample): void {
    const open = this.markers.at(-1);
    if (sample.gap) {
      if (sample.gapReason && sample.gapReason !== 'start' && (!open || open.to !== null)) {
        this.markers.push({ from: this.lastValidT ?? sample.t, to: null, reason: sample.gapReason });
        if (this.markers.length > MAX_MARKERS) this.markers.shift();
      }
      return;
    }
    if (open && open.to === null) open.to = sample.t;
    this.lastValidT = sample.t;
  }

  /**
   * Stats are cheap and refresh at every tick. The chart is redrawn only when at least one
   * bucket's worth of time has passed: in an 8-hour window a bucket is 32 s, and redrawing
   * 2 × 900 points four times a second would change no pixel and cost whole frames.
   */
  private publish(force = false): void {
    const state = useAppStore.getState();
    if (!this.ring || (state.paused && !force)) return;
    useAppStore.setState({
      snapshot: {
        stats: this.stats.snapshot(),
        last: this.last,
        missedBatches: this.missedBatches,
        discontinuities: this.discontinuities,
      },
    });
    const to = this.ring.lastTime() ?? Date.now();
    const bucketMs = state.windowMs / CHART_BUCKETS;
    const previous = state.chart;
    const stale =
      force ||
      previous === null ||
      previous.to - previous.from !== state.windowMs ||
      to - previous.to >= bucketMs ||
      this.markers.length !== this.publishedMarkers;
    if (!stale) return;
    const from = to - state.windowMs;
    this.publishedMarkers = this.markers.length;
    useAppStore.setState({
      chart: {
        points: downsample(this.ring, from, to, CHART_BUCKETS),
        from,
        to,
        gaps: this.markers
          .filter((m) => (m.to ?? to) >= from)
          .map((m) => ({ from: Math.max(m.from, from), to: m.to ?? to, reason: m.reason })),
      },
    });
  }

  /** Re-draw now (window length changed while paused or stopped). */
  refresh(): void {
    this.publish(true);
  }
}

export const liveThroughput = new LiveThroughput();
