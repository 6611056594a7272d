import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkedKnownHostsFile, LocalFileRefused, permissionProblem, readPrivateKeyFile } from '../../../../electron/remote/localFileGate';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real key, as ssh-keygen writes it (0600). */
const key = path.join(dir, 'id_ed25519');
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'gate', '-f', key]);
const keyText = readFileSync(key, 'utf8');
const root = process.getuid?.() === 0;

function refusedWith(call: () => unknown): string {
  try {
    call();
  } catch (e) {
    expect(e).toBeInstanceOf(LocalFileRefused);
    const message = (e as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('not refused');
}

describe('readPrivateKeyFile: the one way a client-named private key is read', () => {
  it('reads a real key (0600, owned by this user)', () => {
    expect(readPrivateKeyFile(key).toString('utf8')).toBe(keyText);
  });

  it('refuses /etc/shadow, and never says what is in it', () => {
    const message = refusedWith(() => readPrivateKeyFile('/etc/shadow'));
    expect(message).toMatch(root ? /readable or writable by other users \(mode 640\)/ : /cannot be (read|opened)/);
    const shadow = root ? readFileSync('/etc/shadow', 'utf8') : '';
    for (const line of shadow.split('\n').filter((l) => l.includes(':$'))) expect(message).not.toContain(line.split(':')[1]);
  });

  it('refuses a symbolic link to /etc/shadow (the target is what is judged)', () => {
    const link = path.join(dir, 'shadow-link');
    symlinkSync('/etc/shadow', link);
    expect(refusedWith(() => readPrivateKeyFile(link))).toMatch(/shadow-link/);
  });

  it('refuses a relative path and a NUL byte before touching the disk', () => {
    expect(refusedWith(() => readPrivateKeyFile('id_ed25519'))).toMatch(/absolute path/);
    expect(refusedWith(() => readPrivateKeyFile(`${key}\0.pub`))).toMatch(/NUL/);
  });

  it('refuses a folder', () => {
    expect(refusedWith(() => readPrivateKeyFile(dir))).toMatch(/is a folder, not a file/);
  });

  it('refuses a FIFO without blocking on it', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    expect(refusedWith(() => readPrivateKeyFile(fifo))).toMatch(/is a FIFO, not a file/);
  });

  it('refuses a 10 MB file (and a key-shaped 65 KiB one) without reading it whole', () => {
    const big = path.join(dir, 'big');
    writeFileSync(big, Buffer.alloc(10 * 1024 * 1024, 0x41), { mode: 0o600 });
    expect(refusedWith(() => readPrivateKeyFile(big))).toMatch(/larger than 64 KiB/);
    const padded = path.join(dir, 'padded');
    writeFileSync(padded, `${keyText}${'#'.repeat(65 * 1024)}`, { mode: 0o600 });
    expect(refusedWith(() => readPrivateKeyFile(padded))).toMatch(/larger than 64 KiB/);
  });

  it('refuses a key others can read (ssh would too)', () => {
    const open = path.join(dir, 'open_key');
    copyFileSync(key, open);
    chmodSync(open, 0o644);
    expect(refusedWith(() => readPrivateKeyFile(open))).toMatch(/readable or writable by other users \(mode 644\)/);
  });

  it('refuses a file that is not a private key, quoting none of it', () => {
    const notKey = path.join(dir, 'notes');
    writeFileSync(notKey, 'hunter2-secret-note\n', { mode: 0o600 });
    const message = refusedWith(() => readPrivateKeyFile(notKey));
    expect(message).toMatch(/is not a private key/);
    expect(message).not.toContain('hunter2');
    // The public half is not a private key either.
    expect(refusedWith(() => readPrivateKeyFile(`${key}.pub`))).toMatch(/readable|not a private key/);
  });

  it.skipIf(!root)("refuses a key owned by another user (it could be swapped under the app's feet)", () => {
    const theirs = path.join(dir, 'their_key');
    copyFileSync(key, theirs);
    chmodSync(theirs, 0o600);
    chownSync(theirs, 65534, 65534);
    expect(refusedWith(() => readPrivateKeyFile(theirs))).toMatch(/owned by another user \(uid 65534\)/);
  });
});

describe('checkedKnownHostsFile: read, and appended to on a confirmed key', () => {
  it('accepts a new file in an existing folder, and a real known_hosts', () => {
    const fresh = path.join(dir, 'kh-new');
    expect(checkedKnownHostsFile(fresh)).toBe(fresh);
    const kh = path.join(dir, 'kh');
    const pub = readFileSync(`${key}.pub`, 'utf8').trim().split(/\s+/);
    writeFileSync(kh, `# comment\n[10.0.0.1]:2222 ${pub[0]} ${pub[1]}\n@revoked * ${pub[0]} ${pub[1]} old\n|1|c2FsdA==|aGFzaA== ${pub[0]} ${pub[1]}\n`, { mode: 0o600 });
    expect(checkedKnownHostsFile(kh)).toBe(kh);
  });

  it('refuses /etc/passwd (not a known_hosts file: it is never appended to)', () => {
    expect(refusedWith(() => checkedKnownHostsFile('/etc/passwd'))).toMatch(/is not a known_hosts file \(line 1/);
  });

  it('refuses a folder, a FIFO, a relative path, a NUL, a missing folder', () => {
    expect(refusedWith(() => checkedKnownHostsFile(dir))).toMatch(/is a folder/);
    const fifo = path.join(dir, 'kh-fifo');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    expect(refusedWith(() => checkedKnownHostsFile(fifo))).toMatch(/is a FIFO/);
    expect(refusedWith(() => checkedKnownHostsFile('known_hosts'))).toMatch(/absolute path/);
    expect(refusedWith(() => checkedKnownHostsFile(`${dir}/kh\0`))).toMatch(/NUL/);
    expect(refusedWith(() => checkedKnownHostsFile(path.join(dir, 'nowhere', 'known_hosts')))).toMatch(/its folder does not exist/);
  });

  it('refuses a known_hosts others can write (they could pin their own key)', () => {
    const kh = path.join(dir, 'kh-open');
    writeFileSync(kh, '');
    chmodSync(kh, 0o666);
    expect(refusedWith(() => checkedKnownHostsFile(kh))).toMatch(/writable by other users/);
  });

  it('defaults to ~/.ssh/known_hosts', () => {
    const home = path.join(dir, 'home');
    mkdirSync(home);
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(checkedKnownHostsFile(null)).toBe(path.join(home, '.ssh', 'known_hosts'));
    } finally {
      process.env.HOME = saved;
    }
  });
});

describe('permissionProblem: POSIX modes only where the system has them', () => {
  it('refuses a key others may read on Linux and macOS', () => {
    expect(permissionProblem(0o100644, 0o077, 'is readable or writable by other users', '', 'linux')).toMatch(/mode 644/);
    expect(permissionProblem(0o100644, 0o077, 'is readable or writable by other users', '', 'darwin')).toMatch(/mode 644/);
    expect(permissionProblem(0o100600, 0o077, 'is readable or writable by other users', '', 'linux')).toBeNull();
  });
  it('does not refuse every key on Windows, where Node reports 0o666 for any writable file', () => {
    expect(permissionProblem(0o100666, 0o077, 'is readable or writable by other users', '', 'win32')).toBeNull();
  });
});
