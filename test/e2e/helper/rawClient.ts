import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder, MAX_RESPONSE_FRAME_BYTES } from '../../../shared/ops/frames';

export interface Received {
  type: string;
  id?: number | null;
  message?: string;
  result?: { op: string; error?: string; argv: string[]; stdout: string; stderr: string; exitCode: number | null };
  [k: string]: unknown;
}

/**
 * A deliberately dumb socket client for the hostile suite: it sends any bytes, keeps every
 * frame it gets (and the raw bytes, to search them for secrets) and notices when it is closed.
 */
export class RawClient {
  readonly frames: Received[] = [];
  readonly raw: Buffer[] = [];
  closed = false;
  private readonly decoder = new FrameDecoder(MAX_RESPONSE_FRAME_BYTES);
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (c: Buffer) => {
      this.raw.push(c);
      for (const f of this.decoder.push(c)) {
        if (f.ok) this.frames.push(f.message as Received);
        else this.frames.push({ type: '__bad_frame__', message: f.error });
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(path: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(path);
      s.once('connect', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.write(encodeFrame(message));
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Waits for a frame matching `pred` that arrived after `from` frames; null on close/timeout. */
  async next(pred: (f: Received) => boolean, timeoutMs = 15_000, from = 0): Promise<Received | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.slice(from).find(pred);
      if (hit) return hit;
      if (this.closed || Date.now() > deadline) return null;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
