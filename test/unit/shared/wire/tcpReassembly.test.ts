import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TcpReassembler } from '../../../../shared/wire/tcpReassembly';
import { LAB_HEALTHY, rng } from './helpers';

// The client's side of the real control connection of the lab's healthy tunnel: its TCP
// payloads (SCCRQ, OCRQ, CCRQ) in order, and the sequence number they start at.
const rows = execFileSync(
  'tshark',
  [
    '-r',
    LAB_HEALTHY,
    '-Y',
    'pptp && tcp.dstport == 1723',
    '-T',
    'fields',
    '-e',
    'tcp.seq_raw',
    '-e',
    'tcp.payload',
  ],
  {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  },
)
  .split('\n')
  .filter(Boolean)
  .map((line) => line.split('\t'));
const firstSeq = Number(rows[0]?.[0]);
const stream = new Uint8Array(Buffer.from(rows.map((r) => r[1]).join(''), 'hex'));

/** A TCP segment (20-byte header) carrying stream[from, to). */
function segment(from: number, to: number): Uint8Array {
  const seg = new Uint8Array(20 + (to - from));
  const v = new DataView(seg.buffer);
  v.setUint16(0, 50194);
  v.setUint16(2, 1723);
  v.setUint32(4, (firstSeq + from) >>> 0);
  seg[12] = 5 << 4;
  seg[13] = 0x18;
  seg.set(stream.subarray(from, to), 20);
  return seg;
}

function collect(segments: Uint8Array[]): {
  types: number[];
  bytes: number;
  stats: TcpReassembler['stats'];
} {
  const types: number[] = [];
  let bytes = 0;
  const r = new TcpReassembler((_conn, fromClient, b, o, len) => {
    expect(fromClient).toBe(true);
    types.push((b[o + 8] as number) * 256 + (b[o + 9] as number));
    bytes += len;
  });
  for (const s of segments) r.segment('10.47.0.2', '10.47.0.1', 50194, 1723, s, 0, s.length, 0);
  return { types, bytes, stats: r.stats };
}

describe('PPTP control over TCP: per-direction reassembly', () => {
  it('the real stream holds SCCRQ, OCRQ, CCRQ', () => {
    expect(collect([segment(0, stream.length)]).types).toEqual([1, 7, 12]);
  });

  it('messages that span segments or share one come out whole, in order', () => {
    const random = rng(1723);
    for (let round = 0; round < 200; round++) {
      const cuts = new Set<number>();
      const n = 1 + Math.floor(random() * 12);
      for (let i = 0; i < n; i++) cuts.add(1 + Math.floor(random() * (stream.length - 1)));
      const points = [0, ...[...cuts].sort((a, b) => a - b), stream.length];
      const segs = points.slice(1).map((to, i) => segment(points[i] as number, to));
      const out = collect(segs);
      expect(out.types).toEqual([1, 7, 12]);
      expect(out.bytes).toBe(stream.length);
    }
  });

  it('retransmissions and overlaps are not decoded twice; out-of-order segments wait', () => {
    const random = rng(47);
    for (let round = 0; round < 200; round++) {
      const points = [0, 40, 150, 157, 200, 330, stream.length];
      let segs = points.slice(1).map((to, i) => segment(points[i] as number, to));
      // Duplicate a few, add an overlapping retransmission, swap neighbours.
      segs = segs.flatMap((s) => (random() < 0.3 ? [s, s] : [s]));
      segs.push(segment(100, 180));
      for (let i = 0; i + 1 < segs.length; i++) {
        if (random() < 0.3)
          [segs[i], segs[i + 1]] = [segs[i + 1] as Uint8Array, segs[i] as Uint8Array];
      }
      // The very first segment must come first: without a SYN it fixes where the stream starts.
      const firstIndex = segs.findIndex((s) => new DataView(s.buffer).getUint32(4) === firstSeq);
      const [first] = segs.splice(firstIndex, 1);
      const out = collect([first as Uint8Array, ...segs]);
      expect(out.types).toEqual([1, 7, 12]);
    }
  });

  it('a capture that starts mid-stream finds the next message boundary', () => {
    const out = collect([segment(100, stream.length)]);
    expect(out.types).toEqual([7, 12]);
    expect(out.stats.desyncBytes).toBe(56);
  });
});

describe('a hole the capture never fills', () => {
  it('is given up after enough later segments, and decoding resumes at the next message', () => {
    // Drop bytes 10..20 of the SCCRQ for good, then send the rest in small pieces.
    const segs = [segment(0, 10)];
    for (let from = 20; from < stream.length; from += 4)
      segs.push(segment(from, Math.min(from + 4, stream.length)));
    const out = collect(segs);
    expect(out.stats.holes).toBeGreaterThan(0);
    expect(out.types).toEqual([7, 12]); // the damaged SCCRQ is lost, OCRQ and CCRQ come through
  });
});
