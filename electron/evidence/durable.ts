import { createHash, type Hash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

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

/** Linux: name a file inside a held folder descriptor (like openat/renameat), never re-resolving the folder's path. */
const PROC_FD = existsSync('/proc/self/fd');

export function inFolder(dirFd: number, dirPath: string, name: string): string {
  return PROC_FD ? `/proc/self/fd/${dirFd}/${name}` : join(dirPath, name);
}

/** Creates a file that must not exist, never through a link, readable by its owner only. */
export function createExclusive(path: string): number {
  return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
}

/**
 * Replaces `name` in the folder held by `dirFd`: a temp file with a random name is created
 * exclusively (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600) next to it, written, given its final mode,
 * fsync'd and renamed over the name; the folder is fsync'd. Nobody can guess the temp name to
 * plant a link there, and rename replaces a planted link rather than writing through it. On any
 * error (disk full included) the temp file is removed and the old content is untouched.
 */
export function replaceInFolder(dirFd: number, dirPath: string, name: string, bytes: Uint8Array, mode: number): void {
  const tmp = inFolder(dirFd, dirPath, `${name}.tmp-${randomBytes(8).toString('hex')}`);
  let fd: number | null = null;
  try {
    fd = createExclusive(tmp);
    writeAll(fd, bytes);
    fchmodSync(fd, mode);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, inFolder(dirFd, dirPath, name));
    fsyncSync(dirFd);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created, or already renamed */
    }
    throw error;
  }
}

/**
 * Writes a whole file durably under a new name (see replaceInFolder). A reader sees the old
 * content or the new one, never a mix.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o640): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const dirPath = dirname(path);
  const dirFd = openSync(dirPath, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    replaceInFolder(dirFd, dirPath, basename(path), bytes, mode);
  } finally {
    closeSync(dirFd);
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
    // O_NOFOLLOW: a log replaced by a link (before a resume run as root) is never appended through.
    const fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o640);
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
