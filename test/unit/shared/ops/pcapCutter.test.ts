import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PcapCutter } from '../../../../shared/ops/pcapCutter';

// A real capture (tcpdump -w - on lo, PPTP control port) made on this machine.
const PCAP = readFileSync(new URL('../../../fixtures/ops/pptp-control-lo.pcap', import.meta.url));

/** Offsets where records end, read from the file itself. */
function boundaries(buf: Buffer): number[] {
  const out = [24];
  let p = 24;
  while (p + 16 <= buf.length) {
    p += 16 + buf.readUInt32LE(p + 8);
    out.push(p);
  }
  return out;
}

function feed(cap: number, chunk: number): { bytes: Buffer; capped: boolean } {
  const cutter = new PcapCutter(cap);
  const parts: Uint8Array[] = [];
  let capped = false;
  for (let i = 0; i < PCAP.length && !capped; i += chunk) {
    const r = cutter.accept(PCAP.subarray(i, i + chunk));
    parts.push(...r.write);
    capped = r.capped;
  }
  return { bytes: Buffer.concat(parts), capped };
}

describe('pcap cutter', () => {
  const ends = boundaries(PCAP);

  it('passes a whole capture through unchanged when it fits', () => {
    expect(ends.at(-1)).toBe(PCAP.length);
    for (const chunk of [1, 7, 16, 100, 4096]) {
      const { bytes, capped } = feed(PCAP.length, chunk);
      expect(bytes.equals(PCAP)).toBe(true);
      expect(capped).toBe(false);
    }
  });

  it('cuts at the last whole record under the cap, whatever the chunking', () => {
    for (const cap of [24, 100, 500, 1000, PCAP.length - 1]) {
      const expected = Math.max(...ends.filter((e) => e <= cap));
      for (const chunk of [1, 13, 64, 1500]) {
        const { bytes, capped } = feed(cap, chunk);
        expect(bytes.length, `cap ${cap} chunk ${chunk}`).toBe(expected);
        expect(bytes.equals(PCAP.subarray(0, expected))).toBe(true);
        expect(capped).toBe(true);
      }
    }
  });

  it('refuses a stream that is not a pcap', () => {
    const cutter = new PcapCutter(1 << 20);
    const r = cutter.accept(Buffer.from('this is not a pcap file at all, really'));
    expect(r).toMatchObject({ capped: true, problem: 'not a pcap stream (unknown magic number)', write: [] });
  });

  it('refuses an absurd record length', () => {
    const bad = Buffer.from(PCAP.subarray(0, 40));
    bad.writeUInt32LE(0x7fffffff, 24 + 8);
    const r = new PcapCutter(1 << 20).accept(bad);
    expect(r.problem).toBe('corrupt pcap record length');
    expect(Buffer.concat(r.write).length).toBe(24);
  });
});
