import { UserFacingError } from './dispatcher';

/**
 * A semaphore with a bounded waiting line, for child processes spawned on behalf of clients
 * (`ip -j addr show` per interface listing): at most `maxRunning` run at once, `maxWaiting`
 * more wait their turn, and past that the caller is refused at once with a clear message
 * instead of the machine running out of processes or file descriptors.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private peak = 0;

  constructor(
    private readonly what: string,
    private readonly maxRunning = 4,
    private readonly maxWaiting = 64,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.maxRunning) {
      this.running += 1;
    } else if (this.waiting.length < this.maxWaiting) {
      // The finishing task hands its slot over: `running` is not decremented in between.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      throw new UserFacingError(
        `busy: ${this.maxRunning} ${this.what} running and ${this.maxWaiting} waiting; try again in a moment`,
      );
    }
    this.peak = Math.max(this.peak, this.running);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** For tests and diagnostics: how many ran at once at most, and what is running now. */
  stats(): { running: number; waiting: number; peak: number } {
    return { running: this.running, waiting: this.waiting.length, peak: this.peak };
  }
}
