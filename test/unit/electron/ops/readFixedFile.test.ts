import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { redactPppPasswords, runRead } from '../../../../electron/ops/readFixedFile';

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

  it('redacts pppd password options', () => {
    expect(redactPppPasswords('name pptpd\npassword hunter2\n  password "a b"\n#password x\n')).toBe(
      'name pptpd\npassword <redacted>\n  password <redacted>\n#password x\n',
    );
  });
});
