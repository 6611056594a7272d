import { describe, expect, it } from 'vitest';
import { decode, pcapRecordOffsets, readCapture } from './helpers';

// Outer IP fragments of REAL lab captures (test/fixtures/lab): `fragmented` (pppd's default
// 1500 over a 1500 carrier, whole packets), `shaped` (the same overflow, captured with a snap
// length of 96: every first fragment cut). The adversarial cases below rearrange or repeat
// real records; only the IP identification (and, for the byte budget, the offset) is rewritten.
const FRAGMENTED = 'test/fixtures/lab/fragmented/capture.pcap';
const SHAPED = 'test/fixtures/lab/shaped/capture.pcap';
const ETH = 14;

interface Rec {
  bytes: Uint8Array;
  /** Offset of the IPv4 header in `bytes`. */
  ip: number;
}

function records(file: string): { header: Uint8Array; recs: Rec[] } {
  const bytes = readCapture(file);
  const offsets = pcapRecordOffsets(bytes);
  const recs = offsets.slice(0, -1).map((o, k) => ({ bytes: bytes.slice(o, offsets[k + 1]), ip: 16 + ETH }));
  return { header: bytes.subarray(0, 24), recs };
}

const view = (r: Rec) => new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
const fragField = (r: Rec) => view(r).getUint16(r.ip + 6);
const isFragment = (r: Rec) => (fragField(r) & 0x3fff) !== 0;
const isFirstFragment = (r: Rec) => (fragField(r) & 0x2000) !== 0 && (fragField(r) & 0x1fff) === 0;
const ipId = (r: Rec) => view(r).getUint16(r.ip + 4);

function pcap(header: Uint8Array, recs: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(header.length + recs.reduce((a, r) => a + r.length, 0));
  out.set(header);
  recs.reduce((at, r) => (out.set(r, at), at + r.length), header.length);
  return out;
}

function withId(r: Rec, id: number, opts: { fragOffset8?: number; addSeconds?: number; proto?: number } = {}): Uint8Array {
  const copy = r.bytes.slice();
  const v = new DataView(copy.buffer);
  v.setUint16(r.ip + 4, id & 0xffff);
  if (opts.fragOffset8 !== undefined) v.setUint16(r.ip + 6, (v.getUint16(r.ip + 6) & 0xe000) | opts.fragOffset8);
  if (opts.proto !== undefined) v.setUint8(r.ip + 9, opts.proto);
  if (opts.addSeconds !== undefined) v.setUint32(0, v.getUint32(0, true) + opts.addSeconds, true);
  return copy;
}

/** The first complete train (first fragment, then its last one) of a capture. */
function firstTrain(recs: Rec[]): [Rec, Rec] {
  const first = recs.find(isFirstFragment) as Rec;
  const last = recs.find((r) => r !== first && isFragment(r) && ipId(r) === ipId(first)) as Rec;
  return [first, last];
}

describe('outer IP fragment reassembly', () => {
  it('fragmented (lab, whole packets): every train reassembled into one GRE packet; payload within wire bytes', () => {
    const r = decode(readCapture(FRAGMENTED));
    expect(r.ip.fragments).toBe(360);
    expect(r.ip.fragmentedDatagrams).toBe(180);
    expect(r.ip.reassembled).toBe(180);
    expect(r.ip.fragmentsExpired).toBe(0);
    expect(r.gre.fromFragments).toBe(180);
    // 700 records: 360 fragments become 180 packets.
    expect(r.gre.packets + r.pptp.tcp.segmentsTo1723).toBe(700 - 180);
    for (const c of r.gre.calls) expect(c.payloadBytes).toBeLessThanOrEqual(c.bytes);
    // A reassembled datagram counts its real size: both fragments' IP packets.
    expect(r.overhead.buckets.find((b) => b.label === '>1500')?.packets).toBe(180);
  });

  it('shaped (lab, snap length 96): cut first fragments are reassembled by wire length, none expire', () => {
    // Before: 0 reassembled, 1,120 expired, and calls whose payload exceeded their wire bytes.
    const r = decode(readCapture(SHAPED));
    expect(r.capture.slicedRecords).toBeGreaterThan(0);
    expect(r.ip.fragmentedDatagrams).toBe(1376);
    expect(r.ip.reassembled).toBe(1376);
    expect(r.ip.fragmentsExpired).toBe(0);
    expect(r.skipped.fragmentsPending).toBe(0);
    expect(r.skipped.total).toBe(0);
    for (const c of r.gre.calls) expect(c.payloadBytes).toBeLessThanOrEqual(c.bytes);
  });

  it('pieces in reverse order, and chunk boundaries anywhere, give the same result', () => {
    const { header, recs } = records(FRAGMENTED);
    const straight = decode(pcap(header, recs.map((r) => r.bytes)));
    const swapped = recs.map((r) => r.bytes);
    for (let i = 0; i + 1 < recs.length; i++) {
      const a = recs[i] as Rec;
      const b = recs[i + 1] as Rec;
      if (isFirstFragment(a) && isFragment(b) && ipId(b) === ipId(a)) {
        swapped[i] = b.bytes;
        swapped[i + 1] = a.bytes;
        i++;
      }
    }
    const reversed = decode(pcap(header, swapped), [977, 4096, 13]);
    expect(reversed.ip.reassembled).toBe(180);
    expect(reversed.gre.packets).toBe(straight.gre.packets);
    expect(reversed.gre.bytes).toBe(straight.gre.bytes);
    expect(reversed.overhead.payloadBytes).toBe(straight.overhead.payloadBytes);
  });

  it('200 datagrams in progress at once, completed in reverse order: all reassembled', () => {
    const { header, recs } = records(FRAGMENTED);
    const [first, last] = firstTrain(recs);
    const firsts = Array.from({ length: 200 }, (_, i) => withId(first, 1000 + i * 7));
    const lasts = Array.from({ length: 200 }, (_, i) => withId(last, 1000 + (199 - i) * 7));
    const r = decode(pcap(header, [...firsts, ...lasts]));
    expect(r.ip.reassembled).toBe(200);
    expect(r.skipped.fragmentsPending).toBe(0);
    expect(r.ip.fragmentsExpired).toBe(0);
  });

  it('a duplicated piece is counted as overlapping and the datagram decoded once', () => {
    const { header, recs } = records(FRAGMENTED);
    const [first, last] = firstTrain(recs);
    const r = decode(pcap(header, [first.bytes, first.bytes, last.bytes]));
    expect(r.ip.reassembled).toBe(1);
    expect(r.gre.packets).toBe(1);
    expect(r.skipped.fragmentsPending).toBe(0);
  });

  it('a piece arriving more than 60 s after the first does not complete it (expiry)', () => {
    const { header, recs } = records(FRAGMENTED);
    const [first, last] = firstTrain(recs);
    const late = withId(last, ipId(last), { addSeconds: 61 });
    const r = decode(pcap(header, [first.bytes, late]));
    expect(r.ip.reassembled).toBe(0);
    expect(r.ip.fragmentsExpired).toBe(1);
    expect(r.gre.packets).toBe(0);
    // Within the timeout it does.
    const inTime = decode(pcap(header, [first.bytes, withId(last, ipId(last), { addSeconds: 59 })]));
    expect(inTime.ip.reassembled).toBe(1);
  });

  it('a flood of first fragments that never complete stays bounded (256 datagrams held)', () => {
    const { header, recs } = records(FRAGMENTED);
    const [first] = firstTrain(recs);
    const flood = Array.from({ length: 20_000 }, (_, i) => withId(first, i));
    const r = decode(pcap(header, flood));
    expect(r.ip.fragmentedDatagrams).toBe(20_000);
    expect(r.skipped.fragmentsPending).toBe(256);
    expect(r.ip.fragmentsExpired).toBe(20_000 - 256);
    expect(r.ip.reassembled).toBe(0);
  });

  it('pieces far into a 64 KiB datagram are held within a byte budget', () => {
    const { header, recs } = records(FRAGMENTED);
    const [first] = firstTrain(recs);
    // 200 datagrams, each with one piece at offset 63,000, marked TCP (kept whole: GRE keeps
    // only its first 512 bytes): 64 KiB of buffer apiece unbounded (12.5 MiB); the 4 MiB
    // budget gives the oldest up instead.
    const far = Array.from({ length: 200 }, (_, i) => withId(first, i, { fragOffset8: 63_000 / 8, proto: 6 }));
    const r = decode(pcap(header, far));
    expect(r.ip.fragmentsExpired).toBeGreaterThan(100);
    expect(r.skipped.fragmentsPending).toBeLessThanOrEqual(64);
  });

  it('a piece reaching beyond 64 KiB is refused, not held', () => {
    const { header, recs } = records(FRAGMENTED);
    const [first] = firstTrain(recs);
    const r = decode(pcap(header, [withId(first, 7, { fragOffset8: 8190 })]));
    expect(r.skipped.fragmentsPending).toBe(0);
    expect(r.ip.fragmentedDatagrams).toBe(0);
  });
});
