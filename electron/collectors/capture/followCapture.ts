import { closeSync, openSync, readSync } from 'node:fs';
import type { WireLiveSnapshot } from '../../../shared/ipc/channels/wire';
import { LiveWireAnalysis } from '../../../shared/wire/liveAnalysis';

const CHUNK = 256 * 1024;

/**
 * Follows a pcap that tcpdump (-U) is still writing: every `pollMs` it reads what was appended
 * and feeds the live decoder, which hands back a snapshot at most every 250 ms. Bounded work
 * per poll, so a fast link cannot starve the event loop; stop() reads the rest and sends the
 * final snapshot.
 */
export class CaptureFollower {
  private readonly analysis: LiveWireAnalysis;
  private offset = 0;
  private timer: NodeJS.Timeout | null = null;
  private fd: number | null = null;

  constructor(
    private readonly path: string,
    sessionId: string,
    private readonly emit: (snapshot: WireLiveSnapshot) => void,
    private readonly pollMs = 200,
  ) {
    this.analysis = new LiveWireAnalysis(sessionId, path);
  }

  start(): void {
    this.timer = setInterval(() => this.poll(8), this.pollMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.poll(Number.POSITIVE_INFINITY);
    if (!this.analysis.broken || this.offset > 0) this.emit(this.analysis.finish());
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private poll(maxChunks: number): void {
    if (this.analysis.broken) return;
    try {
      this.fd ??= openSync(this.path, 'r');
    } catch {
      return; // tcpdump has not created the file yet
    }
    const buffer = new Uint8Array(CHUNK);
    for (let n = 0; n < maxChunks; n++) {
      const got = readSync(this.fd, buffer, 0, CHUNK, this.offset);
      if (got <= 0) break;
      this.offset += got;
      const snapshot = this.analysis.push(buffer.slice(0, got), Date.now());
      if (snapshot) this.emit(snapshot);
    }
  }
}
