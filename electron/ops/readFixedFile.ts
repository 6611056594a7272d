import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { OpResult } from '../../shared/ops/catalogue';
import type { ReadPlan } from '../../shared/ops/plan';
import { redactPppSecrets } from '../../shared/parsers/pppOptions';
import { failedResult, refusedResult, sha256Hex } from './result';
import { SecretWitness } from './secretWitness';

const CHUNK = 64 * 1024;

export interface ReadBytes {
  data: Buffer;
  truncated: boolean;
}

function describeFsError(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path} does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied reading ${path} (not running as root?)`;
  if (code === 'ELOOP') return `${path} is a symbolic link; refused`;
  return `could not read ${path}: ${(e as Error).message}`;
}

/** Debian's UID_MIN (login.defs): below it, root and the system accounts (syslog, daemons). */
export const FIRST_USER_UID = 1000;

/** A safety check refused the file (as opposed to it being missing or unreadable). */
export class FixedFileRefusal extends Error {}

/**
 * Why a fixed path must not be read, or null. Every path the helper reads is a system file
 * (under /etc, /var/log, /proc, /lib/modules, /boot), so:
 * - a second hard link means the inode also lives elsewhere: whoever could write the fixed
 *   path's directory may have linked /etc/shadow there (O_NOFOLLOW stops symlinks, not
 *   this), and the summary or the text would carry that file instead;
 * - an owner who is a login user (uid >= 1000) means a user placed the file: its content is
 *   theirs to forge, or their private data handed to the auditor by root. Root and system
 *   accounts (rsyslog's `syslog` owns logs on Ubuntu) are the owners such files have.
 * The refusal names the owner, so a chap-secrets owned by a user is still reported.
 */
export function fixedFileProblem(path: string, st: { nlink: number; uid: number }): string | null {
  if (st.nlink > 1) return `${path} has ${st.nlink} hard links (a hard link can expose another file); refused`;
  if (st.uid >= FIRST_USER_UID) return `${path} is owned by uid ${st.uid}, a login user, not root or a system account; refused`;
  return null;
}

/**
 * Opens read-only and non-blocking (a FIFO planted at a log path must not hang the helper),
 * never through a symlink (a log path made a link to /etc/shadow by whoever may write
 * /var/log must not hand shadow to the auditor), and refuses anything but a regular file
 * with one link and a system owner (see fixedFileProblem), all checked on the open handle.
 */
export async function openRegular(path: string, flags = 0): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | constants.O_NOFOLLOW | flags);
  const st = await handle.stat();
  const problem = !st.isFile() ? `${path} is not a regular file` : fixedFileProblem(path, st);
  if (problem !== null) {
    await handle.close();
    throw new FixedFileRefusal(problem);
  }
  return handle;
}

/** Reads up to maxBytes: the start of the file, or its end when `tail` (dropping a cut first line). */
export async function readCapped(handle: FileHandle, maxBytes: number, tail: boolean): Promise<ReadBytes> {
  const st = await handle.stat();
  // /proc and /sys report size 0: read sequentially until EOF, keeping the cap.
  if (tail && st.size > maxBytes) {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buf, 0, maxBytes, st.size - maxBytes);
    let data = buf.subarray(0, bytesRead);
    const nl = data.indexOf(0x0a);
    if (nl >= 0) data = data.subarray(nl + 1);
    return { data, truncated: true };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.alloc(CHUNK);
    const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
    if (bytesRead === 0) break;
    chunks.push(buf.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) break;
  }
  const all = Buffer.concat(chunks);
  if (all.length <= maxBytes) return { data: all, truncated: false };
  return { data: all.subarray(0, maxBytes), truncated: true };
}

export async function runRead(op: string, plan: ReadPlan, secrets: SecretWitness = new SecretWitness()): Promise<OpResult> {
  const startedAt = new Date();
  let lastError = '';
  for (const path of plan.candidates) {
    let handle: FileHandle | undefined;
    try {
      handle = await openRegular(path);
      const read = await readCapped(handle, plan.maxBytes, plan.tail);
      const truncated = read.truncated;
      let data = read.data;
      if (plan.gunzip && path.endsWith('.gz')) {
        try {
          data = gunzipSync(data, { maxOutputLength: plan.maxBytes });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ERR_BUFFER_TOO_LARGE') {
            lastError = `${path} decompresses to more than ${plan.maxBytes} bytes`;
          } else {
            lastError = `${path} is not valid gzip data`;
          }
          continue;
        }
      }
      let text = data.toString('utf8');
      if (plan.redactPppPasswords) {
        // pppd's own lexer finds the values; the helper's filter then checks none is left.
        const redacted = redactPppSecrets(text);
        secrets.saw(path, redacted.secrets);
        text = redacted.text;
      }
      return {
        op,
        argv: ['read', path],
        startedAt: startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        exitCode: 0,
        signal: null,
        stdout: text,
        stderr: '',
        outputSha256: sha256Hex(text),
        truncated,
      };
    } catch (e) {
      if (e instanceof FixedFileRefusal) return refusedResult(op, ['read', path], startedAt, e.message);
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') return refusedResult(op, ['read', path], startedAt, describeFsError(path, e));
      lastError = describeFsError(path, e);
    } finally {
      await handle?.close();
    }
  }
  const shown = plan.candidates.length > 1 ? `none of ${plan.candidates.join(', ')} could be read (${lastError})` : lastError;
  return failedResult(op, ['read', plan.candidates[0] ?? ''], startedAt, shown);
}
