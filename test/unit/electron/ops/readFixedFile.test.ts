import { execFileSync } from 'node:child_process';
import { chownSync, linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runChapSecrets } from '../../../../electron/ops/chapSecrets';
import { runRead } from '../../../../electron/ops/readFixedFile';
import { isRefused } from '../../../../electron/ops/result';

const dir = mkdtempSync(join(tmpdir(), 'pa-ops-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const plan = (candidates: string[], extra: object = {}) => ({
  kind: 'read' as const,
  candidates,
  maxBytes: 1024,
  tail: false,
  gunzip: false,
  redactPppPasswords: false,
  ...extra,
});

describe('fixed file reads', () => {
  it('tails a big log at a line boundary and says it was truncated', async () => {
    const path = join(dir, 'log');
    writeFileSync(path, Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const r = await runRead('logs.file', plan([path], { tail: true, maxBytes: 100 }));
    expect(r.truncated).toBe(true);
    expect(r.stdout.startsWith('line ')).toBe(true);
    expect(r.stdout.endsWith('line 499\n')).toBe(true);
    expect(r.argv).toEqual(['read', path]);
  });

  it('keeps the start of a big file when not tailing', async () => {
    const path = join(dir, 'big');
    writeFileSync(path, 'x'.repeat(5000));
    const r = await runRead('modules.list', plan([path]));
    expect(r).toMatchObject({ truncated: true, exitCode: 0 });
    expect(r.stdout).toHaveLength(1024);
  });

  it('falls back to the next candidate and gunzips .gz', async () => {
    const gz = join(dir, 'config.gz');
    writeFileSync(gz, gzipSync('CONFIG_PPP=m\n'));
    const r = await runRead('kernel.config', plan([join(dir, 'nope.gz'), gz], { gunzip: true }));
    expect(r.stdout).toBe('CONFIG_PPP=m\n');
    expect(r.argv).toEqual(['read', gz]);
    const bomb = join(dir, 'bomb.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(100_000)));
    const b = await runRead('kernel.config', plan([bomb], { gunzip: true, maxBytes: 1000 }));
    expect(b.error).toMatch(/decompresses to more than 1000 bytes/);
  });

  it('refuses a FIFO (it would hang) and a directory, and names a missing file', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect((await runRead('logs.file', plan([fifo]))).error).toBe(`${fifo} is not a regular file`);
    expect((await runRead('logs.file', plan([dir]))).error).toBe(`${dir} is not a regular file`);
    expect((await runRead('logs.file', plan([join(dir, 'missing')]))).error).toBe(`${join(dir, 'missing')} does not exist`);
  });

  it('never reads through a symlink', async () => {
    const link = join(dir, 'syslog');
    symlinkSync('/etc/shadow', link);
    const r = await runRead('logs.file', plan([link]));
    expect(r.error).toBe(`${link} is a symbolic link; refused`);
    expect(r.stdout).toBe('');
  });

  it('redacts pppd password options in a ppp.options read', async () => {
    const path = join(dir, 'options.pptpd');
    writeFileSync(path, 'name pptpd\npassword hunter2\n  password "a b c d"\n#password x\n');
    const r = await runRead('ppp.options', plan([path], { redactPppPasswords: true }));
    expect(r.stdout).toBe('name pptpd\npassword <redacted>\n  password <redacted>\n#password x\n');
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a hard link to a root-only file, and a file a login user owns', async () => {
    // A root-only file, hard-linked where a fixed path would be read: O_NOFOLLOW does not see it.
    const secret = join(dir, 'shadow-like');
    writeFileSync(secret, 'root:$y$j9T$hash:19000:0:99999:7:::\n', { mode: 0o600 });
    const link = join(dir, 'ppp.log');
    linkSync(secret, link);
    const r = await runRead('logs.file', plan([link]));
    expect(r.error).toBe(`${link} has 2 hard links (a hard link can expose another file); refused`);
    expect(r.stdout).toBe('');
    expect(JSON.stringify(r)).not.toContain('$y$j9T');
    expect(isRefused(r)).toBe(true);

    const userFile = join(dir, 'options.user');
    writeFileSync(userFile, 'require-mppe-128\n');
    chownSync(userFile, 1000, 1000);
    const u = await runRead('ppp.options', plan([userFile], { redactPppPasswords: true }));
    expect(u.error).toBe(`${userFile} is owned by uid 1000, a login user, not root or a system account; refused`);

    // The same checks guard the chap-secrets summary (a linked shadow would come back as names).
    const chap = await runChapSecrets('ppp.chapSecrets', { kind: 'chapSecrets', path: link });
    expect(chap.error).toMatch(/has 2 hard links/);
    expect(JSON.stringify(chap)).not.toContain('$y$j9T');
  });

  it('a system account may own a log (rsyslog runs as syslog on Ubuntu)', async () => {
    const path = join(dir, 'syslog-owned');
    writeFileSync(path, 'pppd[1]: up\n');
    if (process.getuid?.() === 0) chownSync(path, 104, 4);
    expect((await runRead('logs.file', plan([path]))).stdout).toBe('pppd[1]: up\n');
  });
});
