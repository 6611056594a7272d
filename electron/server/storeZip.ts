import { closeSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * A minimal ZIP writer, "stored" (no compression: captures and logs are downloaded as they
 * are, and the hashes in manifest.json stay checkable on the unpacked files). No package on
 * this machine writes ZIP (unzipper only reads), hence this one. Classic ZIP only: an archive
 * or member of 4 GiB or more is refused up front instead of written without ZIP64.
 * Each member streams in 1 MiB chunks; its CRC-32 follows in a data descriptor (flag bit 3),
 * so a file is read once.
 */

export interface ZipMember {
  /** Name inside the archive (forward slashes, UTF-8). */
  name: string;
  /** Opens the member for reading; the writer closes the descriptor. */
  open(): { fd: number; size: number };
}

const CHUNK = 1 << 20;
const LIMIT = 0xffffffff;
/** bit 3: sizes and CRC in a data descriptor; bit 11: names are UTF-8. */
const FLAGS = 0x0808;

export class ZipTooLarge extends Error {}

function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    day: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function localHeader(name: Buffer, when: { time: number; day: number }): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0
  h.writeUInt16LE(FLAGS, 6);
  h.writeUInt16LE(0, 8); // stored
  h.writeUInt16LE(when.time, 10);
  h.writeUInt16LE(when.day, 12);
  // CRC and sizes are zero here and given in the data descriptor (flag bit 3).
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, name]);
}

function dataDescriptor(crc: number, size: number): Buffer {
  const d = Buffer.alloc(16);
  d.writeUInt32LE(0x08074b50, 0);
  d.writeUInt32LE(crc >>> 0, 4);
  d.writeUInt32LE(size, 8);
  d.writeUInt32LE(size, 12);
  return d;
}

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

function centralEntry(e: Written, when: { time: number; day: number }): Buffer {
  const c = Buffer.alloc(46);
  c.writeUInt32LE(0x02014b50, 0);
  c.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
  c.writeUInt16LE(20, 6);
  c.writeUInt16LE(FLAGS, 8);
  c.writeUInt16LE(0, 10);
  c.writeUInt16LE(when.time, 12);
  c.writeUInt16LE(when.day, 14);
  c.writeUInt32LE(e.crc >>> 0, 16);
  c.writeUInt32LE(e.size, 20);
  c.writeUInt32LE(e.size, 24);
  c.writeUInt16LE(e.name.length, 28);
  c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
  c.writeUInt32LE(e.offset, 42);
  return Buffer.concat([c, e.name]);
}

/** Bytes the archive will take, so a caller can refuse (or announce Content-Length) first. */
export function storedZipSize(members: Array<{ name: string; size: number }>): number {
  let total = 22;
  for (const m of members) total += 30 + 16 + 46 + 2 * Buffer.byteLength(m.name) + m.size;
  return total;
}

/** The archive, chunk by chunk. Throws if a member changes size while it is read. */
export function* storedZip(members: ZipMember[], now = new Date()): Generator<Buffer> {
  const when = dosDateTime(now);
  const written: Written[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, 'utf8');
    const { fd, size } = member.open();
    try {
      if (size >= LIMIT || offset >= LIMIT) throw new ZipTooLarge(`${member.name} does not fit a ZIP without ZIP64 (4 GiB)`);
      const header = localHeader(name, when);
      yield header;
      let crc = 0;
      let done = 0;
      while (done < size) {
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size - done));
        const n = readSync(fd, buffer, 0, buffer.length, done);
        if (n === 0) throw new Error(`${member.name} shrank while it was archived`);
        const chunk = buffer.subarray(0, n);
        crc = crc32(chunk, crc);
        done += n;
        yield chunk;
      }
      yield dataDescriptor(crc, size);
      written.push({ name, crc, size, offset });
      offset += header.length + size + 16;
    } finally {
      closeSync(fd);
    }
  }
  const central = Buffer.concat(written.map((e) => centralEntry(e, when)));
  if (offset + central.length >= LIMIT) throw new ZipTooLarge('the archive does not fit a ZIP without ZIP64 (4 GiB)');
  yield central;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  yield end;
}
