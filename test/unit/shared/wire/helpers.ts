import { readFileSync } from 'node:fs';
import { WireDecoder } from '../../../../shared/wire/wireDecoder';
import type { WireReport } from '../../../../shared/wire/report';

export const LAB_HEALTHY = 'test/fixtures/lab/healthy/capture.pcap';
export const LAB_CLEARTEXT = 'test/fixtures/lab/cleartext/capture.pcap';
export const WIRE = (name: string) => `test/fixtures/wire/${name}`;

export function readCapture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Decodes bytes pushed in chunks of the given sizes (cycled), or whole. */
export function decode(bytes: Uint8Array, chunkSizes: number[] = [bytes.length || 1]): WireReport {
  const d = new WireDecoder();
  let pos = 0;
  for (let i = 0; pos < bytes.length; i++) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length] as number);
    d.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  return d.finish();
}

export { seededRandom as rng } from '../../../support/seededRandom';

/** Byte offsets where each record of a little-endian classic pcap starts, and the end. */
export function pcapRecordOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  let o = 24;
  while (o + 16 <= bytes.length) {
    out.push(o);
    o += 16 + view.getUint32(o + 8, true);
  }
  out.push(o);
  return out;
}
