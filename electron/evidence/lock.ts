import { closeSync, constants, lstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readOptionalBundleFile } from './bundleFile';
import { EvidenceError, wrapWriteError } from './errors';
import { WRITER_LOCK } from './layout';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the bundle, if a live process does (this process only with includeSelf). */
export function lockHolder(dir: string, includeSelf = false): number | null {
  let text: string;
  try {
    // Through the chokepoint: a FIFO or a link planted as writer.lock must not hang or leak.
    text = readOptionalBundleFile(dir, WRITER_LOCK)?.toString('utf8') ?? '';
  } catch {
    return null;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (pid === process.pid) return includeSelf ? pid : null;
  return alive(pid) ? pid : null;
}

/**
 * One writer per bundle: a second process appending at the same time would interleave records
 * and make the running hashes lie. A lock left by a killed writer is stale and taken over.
 */
export function acquireWriterLock(dir: string): void {
  const holder = lockHolder(dir);
  if (holder !== null) throw new EvidenceError(`the evidence bundle ${dir} is being written by process ${holder}`);
  const path = join(dir, WRITER_LOCK);
  try {
    // A stale lock (or whatever was planted under its name) is removed, never written through:
    // the new lock is created exclusively, so a symlink there cannot redirect a root write.
    try {
      lstatSync(path);
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o640);
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw wrapWriteError(dir, WRITER_LOCK, error);
  }
}

export function releaseWriterLock(dir: string): void {
  try {
    if (readOptionalBundleFile(dir, WRITER_LOCK)?.toString('utf8').trim() === String(process.pid)) unlinkSync(join(dir, WRITER_LOCK));
  } catch {
    /* already gone */
  }
}
