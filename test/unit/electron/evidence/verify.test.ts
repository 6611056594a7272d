import { describe, it, expect } from 'vitest';
import { appendFileSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvidenceBundle, verifyBundle } from '../../../../electron/evidence';
import { identity, pingOutcome, quietOptions, target, tempDir } from './tmp.fixture';

function closedBundle(): string {
  const dir = join(tempDir(), 'b');
  const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
  bundle.recordCommand(pingOutcome());
  bundle.addNote({ step: 'latency', text: 'baseline run' });
  bundle.close();
  return dir;
}

describe('verify', () => {
  it('reports an untouched closed bundle as intact', () => {
    const report = verifyBundle(closedBundle());
    expect(report).toMatchObject({ intact: true, state: 'closed', problems: [], warnings: [] });
    expect(report.files.every((f) => f.status === 'ok')).toBe(true);
  });

  it('names a changed file, even with the same size', () => {
    const dir = closedBundle();
    const path = join(dir, 'outputs/0001-ping.run.stdout');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('time=0.045', 'time=0.044'));
    const report = verifyBundle(dir);
    expect(report.intact).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^changed: outputs\/0001-ping\.run\.stdout/)]);
  });

  it('names missing and added files', () => {
    const dir = closedBundle();
    unlinkSync(join(dir, 'notes.jsonl'));
    writeFileSync(join(dir, 'outputs/forged.stdout'), 'nothing to see');
    const report = verifyBundle(dir);
    expect(report.problems).toEqual(['missing: notes.jsonl', 'added: outputs/forged.stdout (not in the manifest)']);
  });

  it('treats growth of a closed bundle as tampering, of an open one as a warning', () => {
    const dir = closedBundle();
    appendFileSync(join(dir, 'notes.jsonl'), '{"at":"x","step":null,"text":"added later"}\n');
    expect(verifyBundle(dir).problems[0]).toMatch(/^changed: notes\.jsonl grew/);

    const openDir = join(tempDir(), 'open');
    const bundle = EvidenceBundle.create(openDir, { identity, target }, quietOptions());
    bundle.addNote({ step: null, text: 'one' });
    bundle.seal();
    bundle.addNote({ step: null, text: 'two (after the seal, before a crash)' });
    const report = verifyBundle(openDir);
    expect(report.intact).toBe(true);
    expect(report.warnings.some((w) => /^appended: notes\.jsonl/.test(w))).toBe(true);
    bundle.detach();
  });

  it('catches a rewritten prefix of an append-only file', () => {
    const openDir = join(tempDir(), 'open');
    const bundle = EvidenceBundle.create(openDir, { identity, target }, quietOptions());
    bundle.addNote({ step: null, text: 'original' });
    bundle.detach();
    const path = join(openDir, 'notes.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').replace('original', 'ORIGINAL') + '{"more":1}\n');
    expect(verifyBundle(openDir).problems[0]).toMatch(/^changed: notes\.jsonl/);
  });

  it('flags symlinks and refuses a malformed or hostile manifest', () => {
    const dir = closedBundle();
    symlinkSync('/etc/passwd', join(dir, 'outputs/link'));
    expect(verifyBundle(dir).problems).toContain('refused: outputs/link (is a symbolic link)');

    const bad = closedBundle();
    const m = JSON.parse(readFileSync(join(bad, 'manifest.json'), 'utf8'));
    m.files[0].path = '../../etc/shadow';
    writeFileSync(join(bad, 'manifest.json'), JSON.stringify(m));
    const report = verifyBundle(bad);
    expect(report).toMatchObject({ state: 'unreadable', intact: false });
    expect(report.problems[0]).toMatch(/unsafe path/);

    const junk = closedBundle();
    writeFileSync(join(junk, 'manifest.json'), '{"format":');
    expect(verifyBundle(junk).problems[0]).toMatch(/not valid JSON/);
    expect(verifyBundle(tempDir()).problems[0]).toMatch(/not an evidence bundle/);
  });
});

describe('verify while the audit runs', () => {
  it('reports files written since the last seal by the live writer as warnings, changes still as problems', () => {
    const dir = join(tempDir(), 'live');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    bundle.recordCommand(pingOutcome());
    // Not sealed yet: the output and commands.jsonl are newer than the manifest.
    const live = verifyBundle(dir);
    expect(live.intact).toBe(true);
    expect(live.warnings.some((w) => w.startsWith('added: outputs/0001-ping.run.stdout (written since the last seal'))).toBe(true);
    bundle.seal();
    writeFileSync(join(dir, 'audit.json'), '{}');
    expect(verifyBundle(dir).problems[0]).toMatch(/^changed: audit\.json/);
    bundle.detach();
  });
});
