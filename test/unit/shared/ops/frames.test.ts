import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from '../../../../shared/ops/frames';

describe('length-prefixed JSON frames', () => {
  it('round-trips messages split at every byte boundary', () => {
    const messages = [{ type: 'hello', token: 'x' }, { a: 'ünïcödé ✓', n: [1, 2, 3] }, 42, null];
    const stream = Buffer.concat(messages.map((m) => Buffer.from(encodeFrame(m))));
    for (let cut = 1; cut < stream.length; cut++) {
      const d = new FrameDecoder(1024);
      const got = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      expect(got).toEqual(messages.map((message) => ({ ok: true, message })));
      expect(d.pendingBytes).toBe(0);
    }
  });

  it('reports bad JSON and bad UTF-8 and carries on with the next frame', () => {
    const d = new FrameDecoder(1024);
    const bad = Buffer.from([0, 0, 0, 3, 0x7b, 0x7b, 0x7b, 0, 0, 0, 2, 0xc3, 0x28]);
    const good = Buffer.from(encodeFrame({ ok: 1 }));
    expect(d.push(Buffer.concat([bad, good]))).toEqual([
      { ok: false, error: 'frame is not valid JSON' },
      { ok: false, error: 'frame is not valid UTF-8' },
      { ok: true, message: { ok: 1 } },
    ]);
  });

  it('refuses an oversized frame and skips its bytes by counting, without buffering them', () => {
    const d = new FrameDecoder(100);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(100_000);
    expect(d.push(header)).toEqual([
      { ok: false, oversized: true, error: 'frame too large: 100000 bytes announced, at most 100 accepted' },
    ]);
    expect(d.skippingBytes).toBe(100_000);
    for (let i = 0; i < 99; i++) expect(d.push(Buffer.alloc(1000, 0x41))).toEqual([]);
    expect(d.pendingBytes).toBe(0);
    expect(d.push(Buffer.concat([Buffer.alloc(1000, 0x41), Buffer.from(encodeFrame('after'))]))).toEqual([{ ok: true, message: 'after' }]);
  });

  it('tells how much of a truncated frame arrived, and can drop it', () => {
    const d = new FrameDecoder(1024);
    const frame = Buffer.from(encodeFrame({ long: 'x'.repeat(50) }));
    d.push(frame.subarray(0, 10));
    expect(d.pendingBytes).toBe(10);
    expect(d.expectedBytes).toBe(frame.length);
    d.discardPending();
    expect(d.pendingBytes).toBe(0);
    expect(d.push(frame)).toHaveLength(1);
  });
});
