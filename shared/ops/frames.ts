/**
 * Length-prefixed frames for the helper socket: a 4-byte big-endian payload length, then that
 * many bytes of UTF-8 JSON. Pure (Uint8Array only) so it is tested without sockets.
 *
 * A length above the cap is reported and its bytes are then skipped by counting (never
 * buffered), so an authenticated peer can go on; an unauthenticated one is simply closed.
 */
export const FRAME_HEADER_BYTES = 4;
/** Requests are tiny; anything bigger than this from a client is hostile or broken. */
export const MAX_REQUEST_FRAME_BYTES = 64 * 1024;
/** Results carry tool output (stdout is capped per operation at 64 MiB, JSON-escaped). */
export const MAX_RESPONSE_FRAME_BYTES = 160 * 1024 * 1024;

export function encodeFrame(message: unknown): Uint8Array {
  const payload = new TextEncoder().encode(JSON.stringify(message));
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  new DataView(frame.buffer).setUint32(0, payload.length, false);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

export type DecodedFrame = { ok: true; message: unknown } | { ok: false; error: string; oversized?: boolean };

// shared/ is compiled without DOM or Node types; both runtimes provide these globals.
declare const TextEncoder: { new (): { encode(input: string): Uint8Array } };
declare const TextDecoder: {
  new (label: string, options: { fatal: boolean }): { decode(input: Uint8Array): string };
};

export class FrameDecoder {
  /** Received bytes not yet consumed, kept as chunks so a big frame is copied only once. */
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** Bytes of an oversized frame still to be thrown away. */
  private skipping = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes of an incomplete frame still waiting (non-zero at close = truncated frame). */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Bytes of a refused oversized frame not received yet (they will be skipped). */
  get skippingBytes(): number {
    return this.skipping;
  }

  /** Forget an incomplete frame (it was reported as truncated): the next byte starts a frame. */
  discardPending(): void {
    this.chunks = [];
    this.buffered = 0;
    this.skipping = 0;
  }

  /** Expected size (header included) of the incomplete frame, once its header has arrived. */
  get expectedBytes(): number | null {
    const length = this.peekLength();
    return length === null ? null : length + FRAME_HEADER_BYTES;
  }

  /** Feed bytes; returns every complete frame, parsed (a frame of bad JSON is an error item). */
  push(chunk: Uint8Array): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    let input = chunk;
    if (this.skipping > 0) {
      const n = Math.min(this.skipping, input.length);
      this.skipping -= n;
      input = input.subarray(n);
    }
    if (input.length > 0) {
      this.chunks.push(input.slice());
      this.buffered += input.length;
    }
    for (;;) {
      const length = this.peekLength();
      if (length === null) break;
      if (length > this.maxFrameBytes) {
        out.push({
          ok: false,
          oversized: true,
          error: `frame too large: ${length} bytes announced, at most ${this.maxFrameBytes} accepted`,
        });
        // Drop the header and whatever of the payload is here; count off the rest as it comes.
        this.take(FRAME_HEADER_BYTES);
        const here = Math.min(length, this.buffered);
        this.take(here);
        this.skipping = length - here;
        if (this.skipping > 0) break;
        continue;
      }
      if (this.buffered < FRAME_HEADER_BYTES + length) break;
      const frame = this.take(FRAME_HEADER_BYTES + length);
      out.push(parsePayload(frame.subarray(FRAME_HEADER_BYTES)));
    }
    return out;
  }

  private peekLength(): number | null {
    if (this.buffered < FRAME_HEADER_BYTES) return null;
    const head = this.chunks[0]!.length >= FRAME_HEADER_BYTES ? this.chunks[0]! : this.take(FRAME_HEADER_BYTES, false);
    return new DataView(head.buffer, head.byteOffset, FRAME_HEADER_BYTES).getUint32(0, false);
  }

  /** The first n buffered bytes as one array; removed from the buffer unless consume=false. */
  private take(n: number, consume = true): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    while (filled < n) {
      const c = this.chunks[index]!;
      const part = Math.min(c.length, n - filled);
      out.set(c.subarray(0, part), filled);
      filled += part;
      index++;
    }
    if (consume) {
      let left = n;
      while (left > 0) {
        const c = this.chunks[0]!;
        if (c.length <= left) {
          this.chunks.shift();
          left -= c.length;
        } else {
          this.chunks[0] = c.subarray(left);
          left = 0;
        }
      }
      this.buffered -= n;
    }
    return out;
  }
}

function parsePayload(payload: Uint8Array): DecodedFrame {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return { ok: false, error: 'frame is not valid UTF-8' };
  }
  try {
    return { ok: true, message: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: 'frame is not valid JSON' };
  }
}
