import { describe, expect, it } from 'vitest';
import { LAB_HEALTHY, decode, pcapRecordOffsets, readCapture } from './helpers';

// Pins what the allocation-free hot path of the wire decoder must keep identical (issue 14):
// flow and fragment keys built from addresses with the top bit set, and the report's PPP
// protocol table now built from the protocols seen rather than a scan of every counter.
// Captures are REAL lab captures; only IPv4 addresses are rewritten.
const FRAGMENTED = 'test/fixtures/lab/fragmented/capture.pcap';
const ETH = 14;

/** The capture with every IPv4 address a.b.c.d rewritten to `prefix`.c.d (Ethernet, classic pcap). */
function readdressed(file: string, first: number, second: number): Uint8Array {
  const bytes = readCapture(file).slice();
  const offsets = pcapRecordOffsets(bytes);
  for (const o of offsets.slice(0, -1)) {
    const ip = o + 16 + ETH;
    if (bytes[ip - 2] !== 0x08 || bytes[ip - 1] !== 0x00 || (bytes[ip]! >> 4) !== 4) continue;
    for (const at of [ip + 12, ip + 16]) {
      bytes[at] = first;
      bytes[at + 1] = second;
    }
  }
  return bytes;
}

describe('wire decoder hot path', () => {
  it('addresses at and above 128.0.0.0 (negative as signed 32-bit keys) give the same flows and counts as 10.x', () => {
    const base = decode(readCapture(FRAGMENTED));
    expect(base.gre.calls.length).toBeGreaterThan(1);
    expect(base.ip.reassembled).toBe(180);
    for (const [a, b] of [
      [192, 168],
      [255, 255],
      [128, 0],
    ] as const) {
      const r = decode(readdressed(FRAGMENTED, a, b));
      expect(r.gre.calls.map((c) => c.src.split('.').slice(0, 2).join('.'))).toEqual(
        base.gre.calls.map(() => `${a}.${b}`),
      );
      const counts = (x: typeof r) => ({
        gre: { ...x.gre, calls: x.gre.calls.map((c) => ({ ...c, src: '', dst: '' })) },
        ip: x.ip,
        skipped: x.skipped,
        overhead: x.overhead,
      });
      expect(counts(r)).toEqual(counts(base));
    }
  });

  it('the PPP protocol table lists every protocol seen, in ascending order, whatever order they arrived in', () => {
    const r = decode(readCapture(LAB_HEALTHY));
    const keys = Object.keys(r.ppp.protocols);
    // LCP (0xc021) arrives first on the wire; MPPE (0x00fd) last: the table is still ascending.
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(keys).toContain('0xc021');
    expect(keys).toContain('0x00fd');
    expect(keys).toEqual([...keys].sort((x, y) => parseInt(x, 16) - parseInt(y, 16)));
    expect(Object.keys(r.ppp.protocolNames)).toEqual(keys);
    expect(Object.values(r.ppp.protocols).reduce((a, b) => a + b, 0)).toBe(r.ppp.frames);
  });
});
