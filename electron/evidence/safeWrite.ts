import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { createExclusive, inFolder, replaceInFolder } from './durable';

/** An output the product will not write where asked, with the reason and a way out. */
export class OutputRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputRefused';
  }
}

/**
 * Why another user could tamper with files in this folder, or null. A folder group- or
 * world-writable without the sticky bit lets others rename and replace entries; a folder owned
 * by someone else (other than root) lets its owner do anything there.
 */
export function untrustedFolderReason(st: Stats, uid: number | undefined = process.getuid?.()): string | null {
  if (uid !== undefined && st.uid !== uid && st.uid !== 0) return `is owned by another user (uid ${st.uid})`;
  const sticky = (st.mode & 0o1000) !== 0;
  if ((st.mode & 0o002) !== 0 && !sticky) return 'is writable by every user (and not sticky)';
  if ((st.mode & 0o020) !== 0 && !sticky) return 'is writable by its group (and not sticky)';
  return null;
}

function writeAllTo(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * THE way the product writes an output outside an evidence bundle (the PDF report, exports).
 * The destination folder is opened once and everything happens relative to that descriptor.
 *  - In a folder only we (or root) can change: replaceInFolder — random temp name created
 *    O_CREAT|O_EXCL|O_NOFOLLOW mode 0600, fsync, rename over the destination.
 *  - In a folder another user can change: only a fresh name, created exclusively and never
 *    through a link; an existing file (or link) there is refused, not replaced, because its
 *    owner could have chosen what it points at.
 * The final file gets `mode` (default 0644: a report is meant to be read).
 */
export function writeOutputFile(path: string, data: string | Uint8Array, mode = 0o644): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const absolute = resolve(path);
  const dirPath = dirname(absolute);
  const name = basename(absolute);
  let dirFd: number;
  try {
    dirFd = openSync(dirPath, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch (error) {
    throw new OutputRefused(`cannot write ${path}: its folder ${dirPath} cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const reason = untrustedFolderReason(fstatSync(dirFd));
    if (reason === null) {
      replaceInFolder(dirFd, dirPath, name, bytes, mode);
      return;
    }
    const target = inFolder(dirFd, dirPath, name);
    let fd: number;
    try {
      fd = createExclusive(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new OutputRefused(
          `refusing to replace ${path}: its folder ${dirPath} ${reason}, so whatever is there may have been planted. ` +
            'Write to a folder only you can write, or to a new file name.',
        );
      }
      throw error;
    }
    let created: Stats | null = null;
    try {
      created = fstatSync(fd);
      writeAllTo(fd, bytes);
      fchmodSync(fd, mode);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      removeIfStillOurs(target, created);
      throw error;
    }
    closeSync(fd);
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** Removes a half-written file, unless someone replaced it under that name meanwhile. */
function removeIfStillOurs(path: string, ours: Stats | null): void {
  try {
    const now = lstatSync(path);
    if (ours && now.ino === ours.ino && now.dev === ours.dev) unlinkSync(path);
  } catch {
    /* gone already */
  }
}
