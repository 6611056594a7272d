import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * THE chokepoint for the files on this machine that a client names for a gateway connection
 * (the private key, known_hosts). The names come from the renderer, or from a loopback client
 * of `serve`, so they are hostile until proven otherwise: the backend may run as root, and a
 * path must not make it read /etc/shadow, block on a FIFO, swallow a huge file, or append to
 * /etc/passwd. Every refusal is one line that names the file and never quotes its content.
 */

/** A refused file: one line for the auditor. */
export class LocalFileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalFileRefused';
  }
}

/** A private key larger than this is not a key (an RSA-16384 key in OpenSSH format is ~12 KiB). */
export const MAX_KEY_BYTES = 64 * 1024;
/** known_hosts of a large estate stays well under this. */
export const MAX_KNOWN_HOSTS_BYTES = 4 * 1024 * 1024;

const PRIVATE_KEY_HEADER = /^-----BEGIN (?:OPENSSH |RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----\r?\n/;

function shown(p: string): string {
  return JSON.stringify(p.length > 120 ? `${p.slice(0, 117)}...` : p);
}

/** Absolute, no NUL: the shape every named file must have before anything touches the disk. */
function checkedName(p: unknown, label: string): string {
  if (typeof p !== 'string' || p === '') throw new LocalFileRefused(`${label}: no file named`);
  if (p.includes('\0')) throw new LocalFileRefused(`${label}: a file name cannot contain a NUL byte`);
  if (!path.isAbsolute(p)) throw new LocalFileRefused(`${label} ${shown(p)}: give an absolute path (this app has no working folder the name could be relative to)`);
  return path.normalize(p);
}

/** Owner is this app's user or root: a file another user owns could be swapped under us. */
function ownerProblem(st: Stats): string | null {
  const uid = process.getuid?.();
  if (uid === undefined || st.uid === uid || st.uid === 0) return null;
  return `is owned by another user (uid ${st.uid})`;
}

/**
 * The permission bits a file must not have, where the system has them. Windows has no POSIX
 * modes: Node reports 0o666 for every writable file there, so a check of the bits would refuse
 * every key; its ACLs are the owner's business (as for OpenSSH for Windows' own checks).
 */
export function permissionProblem(mode: number, forbidden: number, what: string, advice = '', platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32' || (mode & forbidden) === 0) return null;
  return `${what} (mode ${(mode & 0o777).toString(8)})${advice}`;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Opens a regular file without blocking (a FIFO would hang the backend on open) and without
 * following a link swapped in after the checks, then re-checks what was opened.
 */
function readRegular(label: string, p: string, resolved: string, maxBytes: number, check: (st: Stats) => string | null): Buffer {
  let fd: number;
  try {
    fd = openSync(resolved, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw new LocalFileRefused(`${label} ${shown(p)} cannot be opened (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LocalFileRefused(`${label} ${shown(p)} is ${kindOf(st)}, not a file`);
    const problem = check(st);
    if (problem) throw new LocalFileRefused(`${label} ${shown(p)} ${problem}`);
    // One byte more than allowed tells "too big" even when the size changed since fstat.
    const buffer = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) throw new LocalFileRefused(`${label} ${shown(p)} is larger than ${maxBytes / 1024} KiB`);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** What a named file resolves to (links followed), with the kind and size checked before it is opened. */
function resolvedRegular(label: string, p: string, maxBytes: number): string {
  let resolved: string;
  let st: Stats;
  try {
    resolved = realpathSync(p);
    st = statSync(resolved);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LocalFileRefused(`${label} ${shown(p)} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`);
  }
  if (!st.isFile()) throw new LocalFileRefused(`${label} ${shown(p)} is ${kindOf(st)}, not a file`);
  if (st.size > maxBytes) throw new LocalFileRefused(`${label} ${shown(p)} is larger than ${maxBytes / 1024} KiB`);
  return resolved;
}

/**
 * A private key named by a client: absolute, a regular file (links resolved and the target
 * checked), owned by this user or root, readable by nobody else (as ssh requires: `chmod 600`),
 * at most 64 KiB, and shaped like a private key (PEM or OpenSSH). Returns its bytes, read once:
 * what was checked is what is used.
 */
export function readPrivateKeyFile(p: unknown, label = 'identity file'): Buffer {
  const name = checkedName(p, label);
  const resolved = resolvedRegular(label, name, MAX_KEY_BYTES);
  const key = readRegular(label, name, resolved, MAX_KEY_BYTES, (st) => {
    const owner = ownerProblem(st);
    if (owner) return owner;
    return permissionProblem(st.mode, 0o077, 'is readable or writable by other users', '; ssh refuses such a key too: chmod 600 it');
  });
  if (!PRIVATE_KEY_HEADER.test(key.subarray(0, 64).toString('latin1'))) {
    key.fill(0);
    throw new LocalFileRefused(`${label} ${shown(name)} is not a private key (expected "-----BEGIN … PRIVATE KEY-----", OpenSSH or PEM)`);
  }
  return key;
}

/** A known_hosts line: [@marker] patterns keytype base64 [comment]. */
const KNOWN_HOSTS_LINE = /^(?:@(?:revoked|cert-authority)\s+)?\S+\s+(?:ssh-|ecdsa-|sk-)[A-Za-z0-9@.+-]+\s+[A-Za-z0-9+/]+={0,3}(?:\s.*)?$/;

/** The default: ~/.ssh/known_hosts (its folder created 0700 as ssh would). */
export function defaultKnownHostsFile(): string {
  const dir = path.join(os.homedir(), '.ssh');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, 'known_hosts');
}

/**
 * A known_hosts file named by a client (null: the default). It is read, and appended to when the
 * auditor confirms a new key, so: absolute, its folder exists; if the file exists it is a regular
 * file owned by this user or root, writable by no one else, at most 4 MiB, and every line of it is
 * a host key entry — so a path to /etc/passwd or any other file is never appended to.
 */
export function checkedKnownHostsFile(p: unknown, label = 'known_hosts file'): string {
  if (p === null || p === undefined) return defaultKnownHostsFile();
  const name = checkedName(p, label);
  let dirSt: Stats;
  try {
    dirSt = statSync(path.dirname(name));
  } catch {
    throw new LocalFileRefused(`${label} ${shown(name)}: its folder does not exist`);
  }
  if (!dirSt.isDirectory()) throw new LocalFileRefused(`${label} ${shown(name)}: ${shown(path.dirname(name))} is not a folder`);
  let exists = true;
  try {
    statSync(name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new LocalFileRefused(`${label} ${shown(name)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    exists = false;
  }
  if (!exists) return name;
  const resolved = resolvedRegular(label, name, MAX_KNOWN_HOSTS_BYTES);
  const text = readRegular(label, name, resolved, MAX_KNOWN_HOSTS_BYTES, (st) => ownerProblem(st) ?? permissionProblem(st.mode, 0o022, 'is writable by other users')).toString('utf8');
  const lines = text.split('\n');
  const bad = lines.findIndex((raw) => {
    const line = raw.trim();
    return line !== '' && !line.startsWith('#') && !KNOWN_HOSTS_LINE.test(line);
  });
  if (bad >= 0) throw new LocalFileRefused(`${label} ${shown(name)} is not a known_hosts file (line ${bad + 1} is not a host key entry)`);
  return resolved;
}
