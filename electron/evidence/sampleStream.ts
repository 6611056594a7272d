import { closeSync, readSync } from 'node:fs';
import type { ThroughputSample } from '../../shared/model/throughput';
import { BundleFileMissing, BundleFileRefused, openBundleFile, sizeCapOf } from './bundleFile';
import { BUNDLE_FILES } from './layout';

/** How a JSON-lines file read as a stream ended: the same account readBundle gives of it. */
export interface StreamDamage {
  /** Bytes after the last newline: a record torn by a crash. */
  torn: boolean;
  /** 1-based numbers of complete lines that are not JSON. */
  badLines: number[];
}

/** A bundle's throughput samples as columns: three numbers a sample instead of an object of twenty fields. */
export interface SampleColumns {
  length: number;
  t: Float64Array;
  /** NaN where the sample has no rate (a gap). */
  rx: Float64Array;
  tx: Float64Array;
  damage: StreamDamage | null;
}

const CHUNK = 1 << 20;

/**
 * Reads a bundle's JSON-lines file in 1 MiB chunks through the evidence chokepoint and hands
 * each complete line's value to `visit`: memory is one chunk and the caller's own, however long
 * the audit (an 8-hour replay is 28,800 to 57,600 samples a series). Lines are split on the
 * newline byte before decoding, so a character split across chunks is never torn. A file that
 * grows past its size cap while read is refused, as readBundleFile does. Null when absent.
 */
export function streamBundleJsonl(dir: string, rel: string, visit: (value: unknown) => void): StreamDamage | null {
  let handle;
  try {
    handle = openBundleFile(dir, rel);
  } catch (error) {
    if (error instanceof BundleFileMissing) return null;
    throw error;
  }
  const cap = sizeCapOf(rel).maxBytes;
  const buffer = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer | null = null;
  let line = 0;
  let total = 0;
  const badLines: number[] = [];
  const take = (text: string) => {
    line++;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      badLines.push(line);
      return;
    }
    visit(value);
  };
  try {
    for (;;) {
      const n = readSync(handle.fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > cap) throw new BundleFileRefused(rel, `grew past the ${cap}-byte limit for a ${sizeCapOf(rel).kind} file while it was read`);
      // Decode up to the chunk's last newline in one go (a newline byte never sits inside a
      // UTF-8 character, so no character is cut); the rest waits for the next chunk.
      const last = buffer.lastIndexOf(0x0a, n - 1);
      if (last === -1) {
        carry = carry ? Buffer.concat([carry, buffer.subarray(0, n)]) : Buffer.from(buffer.subarray(0, n));
        continue;
      }
      const head = buffer.subarray(0, last);
      const text = (carry ? Buffer.concat([carry, head]) : head).toString('utf8');
      carry = last + 1 < n ? Buffer.from(buffer.subarray(last + 1, n)) : null;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) take(lines[i]!);
    }
  } finally {
    closeSync(handle.fd);
  }
  const torn = carry !== null && carry.length > 0;
  return torn || badLines.length > 0 ? { torn, badLines } : { torn: false, badLines: [] };
}

/** Samples are our own shape; the structural check readBundle applies keeps a hostile file from crashing readers. */
export function isSample(raw: unknown): raw is ThroughputSample {
  return typeof raw === 'object' && raw !== null && typeof (raw as ThroughputSample).t === 'number';
}

/** The bundle's samples streamed into growing typed columns (replay draws from these). */
export function readSampleColumns(dir: string): SampleColumns {
  let t = new Float64Array(4096);
  let rx = new Float64Array(4096);
  let tx = new Float64Array(4096);
  let length = 0;
  const rate = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);
  const damage = streamBundleJsonl(dir, BUNDLE_FILES.samples, (raw) => {
    if (!isSample(raw)) return;
    if (length === t.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      t = grow(t);
      rx = grow(rx);
      tx = grow(tx);
    }
    t[length] = raw.t;
    rx[length] = rate(raw.rxBps);
    tx[length] = rate(raw.txBps);
    length++;
  });
  return { length, t, rx, tx, damage: damage && (damage.torn || damage.badLines.length > 0) ? damage : null };
}
