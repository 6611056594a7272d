import type { SeriesView } from '../../../shared/analysis/downsample';

/**
 * Fixed-capacity ring of (time, rx bit/s, tx bit/s) in typed arrays: 8 hours at 10 Hz is
 * 288,000 samples, kept outside React so a sample never causes a render. Gaps are NaN.
 */
export class SampleRing implements SeriesView {
  private readonly times: Float64Array;
  private readonly rxs: Float64Array;
  private readonly txs: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.rxs = new Float64Array(capacity);
    this.txs = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(t: number, rx: number | null, tx: number | null): void {
    const slot = (this.start + this.count) % this.capacity;
    this.times[slot] = t;
    this.rxs[slot] = rx ?? Number.NaN;
    this.txs[slot] = tx ?? Number.NaN;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  private slot(i: number): number {
    return (this.start + i) % this.capacity;
  }

  t(i: number): number {
    return this.times[this.slot(i)]!;
  }

  rx(i: number): number {
    return this.rxs[this.slot(i)]!;
  }

  tx(i: number): number {
    return this.txs[this.slot(i)]!;
  }

  lastTime(): number | null {
    return this.count === 0 ? null : this.t(this.count - 1);
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }
}
