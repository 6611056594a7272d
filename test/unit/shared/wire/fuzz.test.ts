import { describe, expect, it } from 'vitest';
import type { WireReport } from '../../../../shared/wire/report';
import { findCaptures } from '../../../integration/wire/tsharkReference';
import { decode, pcapRecordOffsets, readCapture, rng } from './helpers';

// Fuzzing is the one place where captures are made up: damaged copies of the real ones, and
// noise. Bounded iterations, seeded generator: a failure names its seed and is reproducible.
const SOURCES = findCaptures(['test/fixtures/lab', 'test/fixtures/wire']).map((f) => ({
  file: f,
  bytes: readCapture(f),
}));
const ITERATIONS = 120;
const LINK_TYPES = [0, 1, 12, 101, 108, 113, 228, 229, 276, 147];

/** Every packet is accounted for exactly once: decoded, classified as other, or skipped with a reason. */
function accounted(r: WireReport): boolean {
  const classified =
    r.skipped.total +
    r.otherPackets +
    r.gre.nonPptpGre +
    r.gre.icmpUnreachable +
    r.pptp.tcp.segmentsTo1723 +
    r.gre.packets;
  return r.packets - r.ip.fragments + r.ip.reassembled === classified;
}

function check(r: WireReport, label: string): void {
  expect(() => JSON.stringify(r), label).not.toThrow();
  expect(
    accounted(r),
    `${label}: packets not accounted for: ${JSON.stringify({ packets: r.packets, skipped: r.skipped, other: r.otherPackets })}`,
  ).toBe(true);
  expect(
    r.gre.calls.every((c) => c.lost >= 0 && c.reordered >= 0 && c.duplicates >= 0),
    label,
  ).toBe(true);
  // Payload is what the wire carried: never more than the bytes the packets had on the wire.
  for (const c of r.gre.calls)
    expect(c.payloadBytes, `${label}: call ${c.callId} ${c.src}>${c.dst}`).toBeLessThanOrEqual(c.bytes);
  expect(r.overhead.payloadBytes, label).toBeLessThanOrEqual(r.gre.bytes);
  // Datagrams in fragments end reassembled, expired, incomplete at the end, or dropped as oversized.
  expect(r.ip.reassembled + r.ip.fragmentsExpired + r.skipped.fragmentsPending, label).toBeLessThanOrEqual(
    r.ip.fragmentedDatagrams,
  );
  if (r.status.damage && r.status.damage.kind !== 'not-a-capture')
    expect(r.status.warnings.join(' '), label).toContain(r.status.damage.message);
}

function pick<T>(random: () => number, list: T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function chunks(random: () => number): number[] {
  return Array.from({ length: 8 }, () => 1 + Math.floor(random() * 5000));
}

describe('fuzz: damaged and random captures never crash or hang the decoder', () => {
  it('real captures are fully accounted for', () => {
    for (const { file, bytes } of SOURCES) {
      const r = decode(bytes);
      check(r, file);
      // Snap-length-cut fragments included (shaped, oneway-snaplen96): every fragment train
      // of a real capture is complete, so every one is reassembled, none expires.
      expect(r.skipped.total, file).toBe(0);
      expect(r.ip.reassembled, file).toBe(r.ip.fragmentedDatagrams);
      expect(r.ip.fragmentsExpired + r.skipped.fragmentsPending, file).toBe(0);
    }
  });

  it('truncated anywhere: results up to the cut, and the cut is reported', () => {
    const random = rng(1);
    for (let i = 0; i < ITERATIONS; i++) {
      const { file, bytes } = pick(random, SOURCES);
      const cut = Math.floor(random() * bytes.length);
      const r = decode(bytes.subarray(0, cut), chunks(random));
      const label = `seed 1 #${i} ${file} cut at ${cut}`;
      check(r, label);
      if (cut < 4) expect(r.status.damage?.kind, label).toBe('not-a-capture');
      else if (r.status.damage === null)
        expect(r.capture.bytesRead, label).toBe(cut); // cut fell between records
      else expect(r.status.damage.kind, label).toBe('truncated');
    }
  });

  it('bit-flipped: decodes what it can, stops cleanly on broken framing', () => {
    const random = rng(2);
    for (let i = 0; i < ITERATIONS; i++) {
      const { file, bytes } = pick(random, SOURCES);
      const copy = bytes.slice();
      const flips = 1 + Math.floor(random() * 64);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(random() * copy.length);
        copy[at] = (copy[at] as number) ^ (1 << Math.floor(random() * 8));
      }
      const t0 = performance.now();
      const r = decode(copy, chunks(random));
      check(r, `seed 2 #${i} ${file} (${flips} flips)`);
      expect(performance.now() - t0).toBeLessThan(5000);
    }
  });

  it('noise inside GRE, PPP, TCP and PPTP (record and IP headers intact): every packet still accounted for', () => {
    const random = rng(5);
    const pcaps = SOURCES.filter(
      ({ file, bytes }) => file.endsWith('.pcap') && bytes[0] === 0xd4 && bytes[20] === 1,
    );
    let partial = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const { file, bytes } = pick(random, pcaps);
      const copy = bytes.slice();
      const offsets = pcapRecordOffsets(copy);
      const original = decode(bytes);
      for (let k = 0; k + 1 < offsets.length; k++) {
        if (random() < 0.5) continue;
        const start = (offsets[k] as number) + 16 + 14 + 20; // past Ethernet and a 20-byte IPv4 header
        const end = offsets[k + 1] as number;
        for (let at = start; at < end; at++)
          if (random() < 0.05) copy[at] = Math.floor(random() * 256);
      }
      const r = decode(copy, chunks(random));
      const label = `seed 5 #${i} ${file}`;
      check(r, label);
      expect(r.status.damage, label).toBeNull();
      expect(r.packets, label).toBe(original.packets);
      partial += r.skipped.total + r.partial.pppTruncated + r.pptp.tcp.desyncBytes;
    }
    expect(partial).toBeGreaterThan(0);
  });

  it('a flood of call IDs and TCP streams is bounded, and the excess counted as skipped', () => {
    const healthy = SOURCES.find((s) => s.file.endsWith('lab/healthy/capture.pcap'));
    if (!healthy) return;
    const offsets = pcapRecordOffsets(healthy.bytes);
    const records = offsets.slice(0, -1).map((o, k) => healthy.bytes.subarray(o, offsets[k + 1]));
    const isGre = (r: Uint8Array) => r[16 + 23] === 47;
    const isTcp = (r: Uint8Array) => r[16 + 23] === 6;
    const gre = records.find(isGre) as Uint8Array;
    const tcp = records.find(isTcp) as Uint8Array;
    const copies: Uint8Array[] = [healthy.bytes.subarray(0, 24)];
    for (let i = 0; i < 6000; i++) {
      const g = gre.slice();
      new DataView(g.buffer).setUint16(16 + 34 + 6, i); // GRE call ID
      copies.push(g);
      const t = tcp.slice();
      new DataView(t.buffer).setUint16(16 + 34, 1024 + i); // TCP source port: a new stream
      copies.push(t);
    }
    const out = new Uint8Array(copies.reduce((a, c) => a + c.length, 0));
    copies.reduce((at, c) => (out.set(c, at), at + c.length), 0);
    const r = decode(out);
    check(r, 'flood');
    expect(r.gre.calls.length).toBe(4096);
    expect(r.skipped.tooManyStreams).toBe(6000 - 4096 + 6000 - 1024);
  });

  it('random bytes behind a valid pcap header, for every link type: counted as skipped, never a crash', () => {
    const random = rng(3);
    let skippedSomething = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const link = pick(random, LINK_TYPES);
      const body = new Uint8Array(2000 + Math.floor(random() * 30_000));
      for (let j = 0; j < body.length; j++) body[j] = Math.floor(random() * 256);
      // Records of plausible lengths so framing holds and the packet decoders see noise.
      const out = new Uint8Array(24 + body.length + 16 * 200);
      const v = new DataView(out.buffer);
      v.setUint32(0, 0xa1b2c3d4, true);
      v.setUint16(4, 2, true);
      v.setUint16(6, 4, true);
      v.setUint32(16, 65535, true);
      v.setUint32(20, link, true);
      let o = 24;
      let p = 0;
      while (p < body.length && o + 16 < out.length) {
        const len = Math.min(body.length - p, 20 + Math.floor(random() * 300));
        if (o + 16 + len > out.length) break;
        v.setUint32(o + 8, len, true);
        v.setUint32(o + 12, len, true);
        out.set(body.subarray(p, p + len), o + 16);
        o += 16 + len;
        p += len;
      }
      const r = decode(out.subarray(0, o), chunks(random));
      check(r, `seed 3 #${i} link ${link}`);
      expect(r.status.damage, `seed 3 #${i}`).toBeNull();
      if (r.skipped.total > 0) skippedSomething++;
    }
    expect(skippedSomething).toBeGreaterThan(ITERATIONS / 2);
  });

  it('pure noise is refused as not a capture, or stops at the first bad record', () => {
    const random = rng(4);
    for (let i = 0; i < ITERATIONS; i++) {
      const noise = new Uint8Array(1 + Math.floor(random() * 20_000));
      for (let j = 0; j < noise.length; j++) noise[j] = Math.floor(random() * 256);
      // Half of the time start like a pcapng section so the block parser gets noise too.
      if (random() < 0.5 && noise.length >= 12) {
        noise.set([0x0a, 0x0d, 0x0d, 0x0a], 0);
        noise.set([0x4d, 0x3c, 0x2b, 0x1a], 8);
      }
      const r = decode(noise, chunks(random));
      check(r, `seed 4 #${i}`);
      expect(r.status.damage, `seed 4 #${i}`).not.toBeNull();
    }
  });
});
