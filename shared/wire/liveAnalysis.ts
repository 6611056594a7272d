import type { WireLiveSnapshot } from '../ipc/channels/wire';
import { WireDecoder } from './wireDecoder';

/**
 * Live analysis of a capture that is still being written (tcpdump -U -w FILE): the backend
 * reads what was appended and hands it to push(); a snapshot comes back at most every
 * `minIntervalMs` (so a busy link does not flood the renderer), stamped {sessionId, seq}.
 * Pure: the caller supplies the clock.
 */
export class LiveWireAnalysis {
  private readonly decoder = new WireDecoder();
  private seq = 0;
  private lastEmit = -Infinity;
  private bytesRead = 0;

  constructor(
    private readonly sessionId: string,
    private readonly file: string,
    private readonly minIntervalMs = 250,
  ) {}

  push(chunk: Uint8Array, nowMs: number): WireLiveSnapshot | null {
    this.decoder.push(chunk);
    this.bytesRead += chunk.length;
    if (nowMs - this.lastEmit < this.minIntervalMs) return null;
    this.lastEmit = nowMs;
    return this.stamp(false);
  }

  /** True once the bytes stopped making sense (not a capture, corrupt): stop following. */
  get broken(): boolean {
    return this.decoder.reader.stopped;
  }

  /** The capture ended (tcpdump exited): the last, complete snapshot. */
  finish(): WireLiveSnapshot {
    this.decoder.finish();
    return this.stamp(true);
  }

  private stamp(final: boolean): WireLiveSnapshot {
    return {
      sessionId: this.sessionId,
      seq: this.seq++,
      file: this.file,
      bytesRead: this.bytesRead,
      final,
      report: this.decoder.snapshot(),
    };
  }
}
