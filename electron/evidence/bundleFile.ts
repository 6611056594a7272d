import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { EvidenceError } from './errors';
import { checkRelativePath } from './paths';

/**
 * THE way into a bundle. Every file a bundle names (manifest entries, checklist evidence,
 * facts' sources, the fixed files, manifest.json itself) is opened here and nowhere else:
 *  - the name is bundle-relative (no absolute path, no "..", no control characters);
 *  - no component is a symbolic link (lstat on each, then opened component by component with
 *    O_NOFOLLOW through the parent's descriptor, so a link swapped in after the check is refused
 *    too);
 *  - the file is opened O_NONBLOCK|O_NOCTTY (a FIFO cannot hang us, a tty cannot become ours)
 *    and fstat must say regular file with one link (a hard link may be a root-only file from
 *    outside, e.g. /etc/shadow, linked in by its owner's neighbour);
 *  - its size is bounded per kind (SIZE_CAPS), so a sparse terabyte cannot stall a reader.
 * A refusal names the file and the reason and never a byte of its content.
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * Largest file accepted, per kind. Captures: twice the largest capture an audit may take
 * (CAPTURE_MAX_BYTES, 2 GiB). JSON lines: a day of 1 Hz samples is ~20 MiB; the cap keeps the
 * whole file below V8's string limit. Snapshots and the manifest are a few hundred KiB in a
 * real audit. Outputs: four times the largest fixed-file read (64 MiB).
 */
export const SIZE_CAPS: ReadonlyArray<{ kind: string; matches: (rel: string) => boolean; maxBytes: number }> = [
  { kind: 'manifest', matches: (rel) => rel === 'manifest.json', maxBytes: 16 * MiB },
  { kind: 'writer lock', matches: (rel) => rel === 'writer.lock', maxBytes: 64 },
  { kind: 'capture', matches: (rel) => rel.startsWith('captures/'), maxBytes: 4 * GiB },
  { kind: 'JSON lines', matches: (rel) => rel.endsWith('.jsonl'), maxBytes: 256 * MiB },
  { kind: 'JSON', matches: (rel) => rel.endsWith('.json'), maxBytes: 64 * MiB },
  { kind: 'output', matches: () => true, maxBytes: 256 * MiB },
];

export function sizeCapOf(rel: string): { kind: string; maxBytes: number } {
  const cap = SIZE_CAPS.find((c) => c.matches(rel))!;
  return { kind: cap.kind, maxBytes: cap.maxBytes };
}

/** A bundle file refused by the chokepoint; `file` is the bundle-relative name. */
export class BundleFileRefused extends EvidenceError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`refused ${JSON.stringify(file.slice(0, 160))} in the evidence bundle: ${reason}`);
    this.name = 'BundleFileRefused';
  }
}

/** The bundle does not hold this file (absent, or a folder on its way is absent). */
export class BundleFileMissing extends EvidenceError {
  constructor(readonly file: string) {
    super(`${JSON.stringify(file.slice(0, 160))} is not in the evidence bundle`);
    this.name = 'BundleFileMissing';
  }
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Why a regular-looking entry (from lstat or fstat) is not acceptable evidence, or null.
 * Shared with the bundle listing so `verify` and every reader refuse the same things.
 */
export function refusalOf(rel: string, st: Stats): string | null {
  if (!st.isFile()) return `is ${kindOf(st)}`;
  if (st.nlink > 1) return `has ${st.nlink} hard links (a hard link can be a file from outside the bundle)`;
  const cap = sizeCapOf(rel);
  if (st.size > cap.maxBytes) return `is ${st.size} bytes, over the ${cap.maxBytes}-byte limit for a ${cap.kind} file`;
  return null;
}

const OPEN_FILE = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;
const OPEN_DIR = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_DIRECTORY;
/** Linux: open relative to a held folder descriptor (openat), so no path is resolved twice. */
const PROC_FD = existsSync('/proc/self/fd');

function lstatOrMissing(rel: string, path: string): Stats {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new BundleFileMissing(rel);
    throw new BundleFileRefused(rel, `cannot be examined (${code ?? 'error'})`);
  }
}

function openError(rel: string, error: unknown): EvidenceError {
  if (error instanceof EvidenceError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new BundleFileMissing(rel);
  if (code === 'ELOOP') return new BundleFileRefused(rel, 'a symbolic link appeared on its path while it was opened');
  if (code === 'ENOTDIR') return new BundleFileRefused(rel, 'a folder on its path was replaced while it was opened');
  return new BundleFileRefused(rel, `cannot be opened (${code ?? 'error'})`);
}

/** Opens the file component by component without following any link; returns the fd. */
function openInside(root: string, segments: string[]): number {
  if (!PROC_FD) return openSync(join(root, ...segments), OPEN_FILE);
  let dirFd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    for (const segment of segments.slice(0, -1)) {
      const next = openSync(`/proc/self/fd/${dirFd}/${segment}`, OPEN_DIR);
      closeSync(dirFd);
      dirFd = next;
    }
    return openSync(`/proc/self/fd/${dirFd}/${segments.at(-1)!}`, OPEN_FILE);
  } finally {
    closeSync(dirFd);
  }
}

/** An open, checked bundle file. Close it (or use the helpers below, which do). */
export interface BundleFileHandle {
  rel: string;
  fd: number;
  size: number;
}

/**
 * Resolves `rel` inside the bundle `dir` and opens it, or throws BundleFileRefused /
 * BundleFileMissing. The bundle folder itself is the caller's choice (a CLI argument, a
 * registered audit) and is taken as given.
 */
export function openBundleFile(dir: string, rel: string): BundleFileHandle {
  try {
    checkRelativePath(rel);
  } catch {
    throw new BundleFileRefused(rel, 'is not a plain path inside the bundle (absolute, "..", empty segment or control character)');
  }
  const segments = rel.split('/');
  let st: Stats | null = null;
  for (let i = 0; i < segments.length; i++) {
    const prefix = segments.slice(0, i + 1).join('/');
    st = lstatOrMissing(rel, join(dir, prefix));
    if (i < segments.length - 1) {
      if (st.isSymbolicLink()) throw new BundleFileRefused(rel, `its folder ${JSON.stringify(prefix)} is a symbolic link`);
      if (!st.isDirectory()) throw new BundleFileMissing(rel);
    }
  }
  // Refuse devices and FIFOs before opening: opening some devices has side effects.
  const early = refusalOf(rel, st!);
  if (early) throw new BundleFileRefused(rel, early);
  let fd: number;
  try {
    fd = openInside(dir, segments);
  } catch (error) {
    throw openError(rel, error);
  }
  try {
    const opened = fstatSync(fd);
    const late = refusalOf(rel, opened);
    if (late) throw new BundleFileRefused(rel, late);
    if (opened.ino !== st!.ino || opened.dev !== st!.dev) throw new BundleFileRefused(rel, 'was replaced while it was opened');
    return { rel, fd, size: opened.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function withFile<T>(dir: string, rel: string, use: (handle: BundleFileHandle) => T): T {
  const handle = openBundleFile(dir, rel);
  try {
    return use(handle);
  } finally {
    closeSync(handle.fd);
  }
}

/**
 * The whole file (or its first `headBytes`). A file that grows past its cap while being read
 * is refused, not cut: a reader never works on a silently truncated record.
 */
export function readBundleFile(dir: string, rel: string, options: { headBytes?: number } = {}): Buffer {
  return withFile(dir, rel, ({ fd }) => {
    const cap = sizeCapOf(rel).maxBytes;
    const limit = options.headBytes ?? cap;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(1 << 20, limit - total + 1));
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      chunks.push(buffer.subarray(0, n));
      total += n;
      if (total > limit) {
        if (options.headBytes !== undefined) break;
        throw new BundleFileRefused(rel, `grew past the ${cap}-byte limit for a ${sizeCapOf(rel).kind} file while it was read`);
      }
    }
    const all = Buffer.concat(chunks);
    return all.length > limit ? all.subarray(0, limit) : all;
  });
}

/** Like readBundleFile, but an absent file is null (refusals still throw). */
export function readOptionalBundleFile(dir: string, rel: string, options: { headBytes?: number } = {}): Buffer | null {
  try {
    return readBundleFile(dir, rel, options);
  } catch (error) {
    if (error instanceof BundleFileMissing) return null;
    throw error;
  }
}

/** SHA-256 of a bundle file (of its first `limit` bytes when given), read in chunks. */
export function hashBundleFile(dir: string, rel: string, limit?: number): string {
  return withFile(dir, rel, ({ fd }) => {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1 << 20);
    const cap = sizeCapOf(rel).maxBytes;
    let remaining = limit ?? cap + 1;
    let total = 0;
    while (remaining > 0) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, remaining), null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      remaining -= n;
      total += n;
    }
    if (limit === undefined && total > cap) throw new BundleFileRefused(rel, `grew past the ${cap}-byte limit while it was hashed`);
    return hash.digest('hex');
  });
}
