import { describe, it, expect } from 'vitest';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvidenceBundle, readBundle, resumeBundle, verifyBundle } from '../../../../electron/evidence';
import { identity, pingOutcome, quietOptions, target, tempDir } from './tmp.fixture';
import { sample } from './tmp.fixture';

describe('resume after a crash', () => {
  it('cuts a torn last line, keeps every line before it and the torn bytes, and continues', () => {
    const dir = join(tempDir(), 'b');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    bundle.appendSamples([sample(1), sample(2), sample(3)]);
    bundle.seal();
    bundle.detach();
    // A crash in the middle of a write: half a record, no newline.
    appendFileSync(join(dir, 'samples/throughput.jsonl'), '{"t":4,"iface":"pp');

    const { bundle: resumed, report } = resumeBundle(dir, quietOptions());
    expect(report.tornLines).toHaveLength(1);
    expect(report.tornLines[0]).toMatchObject({ file: 'samples/throughput.jsonl', bytes: 18 });
    const saved = report.tornLines[0]!.savedAs;
    expect(readFileSync(join(dir, saved), 'utf8')).toBe('{"t":4,"iface":"pp');
    resumed.appendSamples([sample(5)]);
    resumed.close();

    const contents = readBundle(dir);
    expect(contents.samples.map((s) => s.t)).toEqual([1, 2, 3, 5]);
    expect(contents.damage).toEqual([]);
    expect(contents.custody.map((c) => c.event)).toEqual(['created', 'recovered', 'reopened', 'closed']);
    expect(JSON.parse(contents.custody[1]!.detail).tornLines[0].file).toBe('samples/throughput.jsonl');
    expect(verifyBundle(dir)).toMatchObject({ intact: true, state: 'closed' });
    expect(readdirSync(join(dir, 'recovery'))).toHaveLength(1);
  });

  it('reports commands that started but never ended and continues their numbering', () => {
    const dir = join(tempDir(), 'b');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    bundle.recordCommand(pingOutcome());
    bundle.beginCommand({ op: 'capture.start', argv: ['tcpdump', '-i', 'eth0'], step: 'capture' });
    bundle.detach();
    const { bundle: resumed, report } = resumeBundle(dir, quietOptions());
    expect(report.interruptedCommands.map((c) => [c.seq, c.op])).toEqual([[2, 'capture.start']]);
    expect(resumed.recordCommand(pingOutcome()).seq).toBe(3);
    resumed.detach();
    expect(readBundle(dir).interrupted.map((c) => c.seq)).toEqual([2]);
  });

  it('records files written after the last manifest in the custody log', () => {
    const dir = join(tempDir(), 'b');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    bundle.seal();
    bundle.addNote({ step: null, text: 'after the seal' });
    // no flush: simulate kill -9 by abandoning the object (the timer is off)
    const { bundle: resumed, report } = resumeBundle(dir, quietOptions());
    expect(report.sinceManifest).toEqual([{ path: 'notes.jsonl', status: 'added' }]);
    resumed.detach();
    expect(verifyBundle(dir).intact).toBe(true);
    bundle.detach();
  });

  it('refuses to reopen a closed bundle', () => {
    const dir = join(tempDir(), 'b');
    EvidenceBundle.create(dir, { identity, target }, quietOptions()).close();
    expect(() => resumeBundle(dir, quietOptions())).toThrow(/was closed/);
  });
});

describe('one writer per bundle', () => {
  it('refuses to resume a bundle a live process holds, and takes over a stale lock', async () => {
    const { spawn } = await import('node:child_process');
    const { writeFileSync, existsSync } = await import('node:fs');
    const dir = join(tempDir(), 'b');
    EvidenceBundle.create(dir, { identity, target }, quietOptions()).detach();
    expect(existsSync(join(dir, 'writer.lock'))).toBe(false);
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'writer.lock'), `${holder.pid}\n`);
      expect(() => resumeBundle(dir, quietOptions())).toThrow(`being written by process ${holder.pid}`);
      expect(verifyBundle(dir).warnings.some((w) => w.includes(`process ${holder.pid} is writing`))).toBe(true);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.on('exit', r));
    }
    // The holder is gone: its lock is stale and a new writer takes over.
    const { bundle } = resumeBundle(dir, quietOptions());
    expect(readFileSync(join(dir, 'writer.lock'), 'utf8').trim()).toBe(String(process.pid));
    bundle.close();
    expect(existsSync(join(dir, 'writer.lock'))).toBe(false);
    expect(verifyBundle(dir).intact).toBe(true);
  });
});

describe('interrupted atomic writes', () => {
  it('verify warns about leftover temp files and resume removes them', async () => {
    const { writeFileSync, existsSync } = await import('node:fs');
    const dir = join(tempDir(), 'b');
    EvidenceBundle.create(dir, { identity, target }, quietOptions()).detach();
    writeFileSync(join(dir, 'manifest.json.tmp-4242'), '{"format":"pptp-audi');
    writeFileSync(join(dir, 'checklist.json.tmp-4242'), '{');
    const before = verifyBundle(dir);
    expect(before.intact).toBe(true);
    expect(before.warnings.filter((w) => w.startsWith('leftover temporary file'))).toHaveLength(2);
    const { bundle, report } = resumeBundle(dir, quietOptions());
    expect(report.removedTemp.sort()).toEqual(['checklist.json.tmp-4242', 'manifest.json.tmp-4242']);
    expect(existsSync(join(dir, 'manifest.json.tmp-4242'))).toBe(false);
    bundle.detach();
  });
});
