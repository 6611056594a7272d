import { createHash, type Hash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** fsync a directory so a create or rename inside it survives a power cut. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

/**
 * Writes a whole file durably under a new name: temp file in the same folder, fsync, rename,
 * fsync the folder. A reader sees the old content or the new one, never a mix; on any error
 * (disk full included) the temp file is removed and the old content is untouched.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = `${path}.tmp-${process.pid}`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w', 0o640);
    writeAll(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
    fsyncDir(dirname(path));
  } catch (error) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw error;
  }
}

/** Writes a file that must not exist yet; a partial file is removed on error. */
export function writeNewFile(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'wx', 0o640);
    writeAll(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
  } catch (error) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      /* never created */
    }
    throw error;
  }
}

/** SHA-256 of a file, read in chunks (pcaps can be large). */
export function sha256File(path: string, limit?: number): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let remaining = limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, remaining), null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      remaining -= n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * An append-only file with a running SHA-256 of its content. Each append is one write of whole
 * records; if the write fails part-way (disk full), the file is cut back to where it was so it
 * never ends in a torn record by our own doing. fsync is left to the caller's schedule.
 */
export class AppendOnlyFile {
  private readonly hash: Hash;
  private fd: number;
  size: number;
  dirty = false;

  private constructor(
    readonly path: string,
    fd: number,
    size: number,
    hash: Hash,
  ) {
    this.fd = fd;
    this.size = size;
    this.hash = hash;
  }

  /** Opens (creating if needed) and hashes what is already there. */
  static open(path: string): AppendOnlyFile {
    const fd = openSync(path, 'a+', 0o640);
    const size = fstatSync(fd).size;
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1 << 20);
    let position = 0;
    while (position < size) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - position), position);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      position += n;
    }
    return new AppendOnlyFile(path, fd, size, hash);
  }

  append(data: Uint8Array): void {
    const before = this.size;
    try {
      writeAll(this.fd, data);
    } catch (error) {
      try {
        ftruncateSync(this.fd, before);
      } catch {
        /* the truncate failing leaves a torn tail, which reopening repairs */
      }
      throw error;
    }
    this.hash.update(data);
    this.size += data.length;
    this.dirty = true;
  }

  /** Hash of everything appended so far (the running hash is not consumed). */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  sync(): void {
    if (!this.dirty) return;
    fsyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      this.sync();
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
