import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PROFILES, ProfilesRefused, TargetProfiles } from '../../../../electron/remote/targetProfiles';
import { Backend } from '../../../../electron/backend/backend';

const root = mkdtempSync(path.join(os.tmpdir(), 'pa-profiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A fresh data folder per test: <data>/audits and <data>/target-profiles.json. */
function fresh(): { profiles: TargetProfiles; file: string } {
  const data = path.join(root, `data-${n++}`);
  mkdirSync(data, { mode: 0o700 });
  const profiles = TargetProfiles.besideAudits(path.join(data, 'audits'));
  return { profiles, file: path.join(data, 'target-profiles.json') };
}
const gw = { name: 'Substation 7', target: 'ssh://audit@gw7.example.net:2222', identityFile: '/home/a/.ssh/id_ed25519', knownHostsFile: null };

function refusedWith(call: () => unknown): string {
  try {
    call();
  } catch (e) {
    expect(e).toBeInstanceOf(ProfilesRefused);
    expect((e as Error).message.split('\n')).toHaveLength(1);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('saved gateway profiles: no secret, strict, bounded, written 0600 atomically', () => {
  it('lives beside the audits folder, saves, replaces by name, deletes; the file is 0600', () => {
    const { profiles, file } = fresh();
    expect(profiles.path).toBe(file);
    expect(profiles.list()).toEqual([]);
    expect(profiles.save(gw)).toEqual([gw]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const moved = { ...gw, name: 'substation 7', target: 'ssh://audit@gw7b.example.net' };
    expect(profiles.save(moved)).toEqual([{ ...moved, identityFile: gw.identityFile }]);
    expect(profiles.delete('SUBSTATION 7')).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('refuses, as a whole and in one line, a file with a "password" field (never strips it silently)', () => {
    const { profiles, file } = fresh();
    const text = `${JSON.stringify([gw, { ...gw, name: 'Other', password: 'S3cret-On-Disk' }])}\n`;
    writeFileSync(file, text, { mode: 0o600 });
    const message = refusedWith(() => profiles.list());
    expect(message).toMatch(/refused as a whole/);
    expect(message).toContain('password');
    expect(message).not.toContain('S3cret-On-Disk');
    // Nor is it rewritten without the field by a save: the file stays as the auditor left it.
    refusedWith(() => profiles.save({ ...gw, name: 'New' }));
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses a hostile target in a file (one parser for every ssh:// text)', () => {
    const { profiles, file } = fresh();
    writeFileSync(file, JSON.stringify([{ ...gw, target: 'ssh://root@$(reboot)' }]), { mode: 0o600 });
    expect(refusedWith(() => profiles.list())).toMatch(/host must be a DNS name or an IP address \(at 0.target\)/);
  });

  it(`holds at most ${MAX_PROFILES} profiles: the next save is refused, a file with more is refused`, () => {
    const { profiles, file } = fresh();
    const many = Array.from({ length: MAX_PROFILES }, (_, i) => ({ ...gw, name: `Gateway ${i}` }));
    writeFileSync(file, JSON.stringify(many), { mode: 0o600 });
    expect(profiles.list()).toHaveLength(MAX_PROFILES);
    expect(refusedWith(() => profiles.save({ ...gw, name: 'One more' }))).toMatch(/100 profiles are saved already/);
    // Replacing one by name is still fine.
    expect(profiles.save({ ...gw, name: 'Gateway 0', target: 'ssh://audit@other' })).toHaveLength(MAX_PROFILES);
    writeFileSync(file, JSON.stringify([...many, { ...gw, name: 'Extra' }]), { mode: 0o600 });
    expect(refusedWith(() => profiles.list())).toMatch(/more than 100 profiles/);
  });

  it('refuses a file that is not JSON, a symbolic link, a FIFO, or an oversized file', () => {
    const a = fresh();
    writeFileSync(a.file, '{ not json', { mode: 0o600 });
    expect(refusedWith(() => a.profiles.list())).toMatch(/not valid JSON/);
    const b = fresh();
    symlinkSync('/etc/passwd', b.file);
    expect(refusedWith(() => b.profiles.list())).toMatch(/symbolic link/);
    const c = fresh();
    execFileSync('mkfifo', ['-m', '600', c.file]);
    expect(refusedWith(() => c.profiles.list())).toMatch(/not a regular file/);
    const d = fresh();
    writeFileSync(d.file, `[${' '.repeat(2 * 1024 * 1024)}]`, { mode: 0o600 });
    expect(refusedWith(() => d.profiles.list())).toMatch(/larger than 1024 KiB/);
  });

  it("the backend keeps them beside PPTP_AUDITS_DIR's parent and answers a refused file in one line", async () => {
    const data = path.join(root, 'env-data');
    mkdirSync(data);
    const saved = process.env.PPTP_AUDITS_DIR;
    process.env.PPTP_AUDITS_DIR = path.join(data, 'audits');
    try {
      const backend = new Backend(() => undefined);
      const context = { binding: 'loopback' as const, clientId: 't' };
      const answer = await backend.dispatch('target.saveProfile', gw, context);
      expect(answer).toEqual({ ok: true, value: [gw] });
      expect(JSON.parse(readFileSync(path.join(data, 'target-profiles.json'), 'utf8'))).toEqual([gw]);
      // The contract has no password field to fill: a request with one is refused before any write.
      const withPassword = await backend.dispatch('target.saveProfile', { ...gw, password: 'x' }, context);
      expect(withPassword.ok).toBe(false);
      writeFileSync(path.join(data, 'target-profiles.json'), JSON.stringify([{ ...gw, password: 'x' }]));
      const listed = await backend.dispatch('target.profiles', {}, context);
      expect(listed.ok).toBe(false);
      expect(listed.ok ? '' : listed.error).toMatchObject({ code: 'failed', message: expect.stringMatching(/refused as a whole/) });
      backend.dispose();
    } finally {
      if (saved === undefined) delete process.env.PPTP_AUDITS_DIR;
      else process.env.PPTP_AUDITS_DIR = saved;
    }
  });
});
