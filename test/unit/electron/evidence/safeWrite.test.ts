import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../electron/evidence/durable';
import { OutputRefused, untrustedFolderReason, writeOutputFile } from '../../../../electron/evidence/safeWrite';
import { tempDir } from './tmp.fixture';

/** A file an attacker wants root to overwrite (stands in for /etc/passwd). */
function victim(dir: string): string {
  const path = join(dir, 'victim');
  writeFileSync(path, 'precious\n');
  return path;
}

describe('writeOutputFile: the one writer of outputs outside a bundle (the PDF)', () => {
  it('does not follow a link planted at the old predictable temp name', () => {
    const dir = tempDir();
    const target = victim(dir);
    const out = join(dir, 'report.pdf');
    // The name the printer used before: `${out}.tmp-<pid>`; and a few neighbours an attacker would guess.
    for (const guess of [`${out}.tmp-${process.pid}`, `${out}.tmp`, `${out}.tmp-0`, `${out}.tmp-${process.pid + 1}`]) symlinkSync(target, guess);
    writeOutputFile(out, '%PDF-1.7 report');
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(readFileSync(out, 'utf8')).toBe('%PDF-1.7 report');
    expect(lstatSync(out).isFile()).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o644);
    // No temp file left behind, the planted links untouched.
    expect(readdirSync(dir).filter((n) => /\.tmp-[0-9a-f]{16}$/.test(n))).toEqual([]);
  });

  it('replaces a link at the destination itself instead of writing through it', () => {
    const dir = tempDir();
    const target = victim(dir);
    const out = join(dir, 'report.pdf');
    symlinkSync(target, out);
    writeOutputFile(out, 'new report');
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(lstatSync(out).isFile()).toBe(true);
  });

  it('in a folder others can write (mode 0777, not sticky): a fresh name only, created exclusively', () => {
    const shared = join(tempDir(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const target = victim(tempDir());
    // An attacker pre-creates the name the auditor will ask for, as a link and as a file.
    symlinkSync(target, join(shared, 'planted-link.pdf'));
    writeFileSync(join(shared, 'planted-file.pdf'), 'attacker');
    expect(() => writeOutputFile(join(shared, 'planted-link.pdf'), 'report')).toThrow(OutputRefused);
    expect(() => writeOutputFile(join(shared, 'planted-file.pdf'), 'report')).toThrow(/refusing to replace .*writable by every user/);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(readFileSync(join(shared, 'planted-file.pdf'), 'utf8')).toBe('attacker');
    // A fresh name is fine, and no temp file is ever made there.
    writeOutputFile(join(shared, 'fresh.pdf'), 'report');
    expect(readFileSync(join(shared, 'fresh.pdf'), 'utf8')).toBe('report');
    expect(readdirSync(shared).sort()).toEqual(['fresh.pdf', 'planted-file.pdf', 'planted-link.pdf']);
  });

  it('judges folders: world/group-writable without sticky, or owned by another user, are untrusted', () => {
    const st = (mode: number, uid = 0) => ({ mode: 0o040000 | mode, uid }) as unknown as import('node:fs').Stats;
    expect(untrustedFolderReason(st(0o755), 0)).toBeNull();
    expect(untrustedFolderReason(st(0o1777), 0)).toBeNull();
    expect(untrustedFolderReason(st(0o777), 0)).toMatch(/every user/);
    expect(untrustedFolderReason(st(0o775), 0)).toMatch(/group/);
    expect(untrustedFolderReason(st(0o755, 1000), 0)).toMatch(/another user \(uid 1000\)/);
    expect(untrustedFolderReason(st(0o755, 1000), 1000)).toBeNull();
    expect(untrustedFolderReason(st(0o755, 0), 1000)).toBeNull();
  });
});

describe('writeFileAtomic: the bundle snapshots (manifest.json, checklist.json …)', () => {
  it('never writes through a link at the predictable temp name a root `recover` used', () => {
    const dir = tempDir();
    const target = victim(dir);
    symlinkSync(target, join(dir, `manifest.json.tmp-${process.pid}`));
    writeFileAtomic(join(dir, 'manifest.json'), '{}\n');
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('{}\n');
  });
});
