/**
 * Collects items of a high-rate stream and hands them over in batches: every `intervalMs`, or
 * at once when `maxItems` is reached. The buffer is replaced before the flush callback runs so
 * a callback that throws or re-enters cannot emit the same items twice.
 */
export class Batcher<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushTo: (items: T[]) => void,
    private readonly intervalMs = 100,
    private readonly maxItems = 500,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.maxItems) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.flushTo(batch);
  }

  dispose(): void {
    this.flush();
  }
}
