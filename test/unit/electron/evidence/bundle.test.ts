import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EvidenceBundle, EvidenceError, readBundle, verifyBundle } from '../../../../electron/evidence';
import { readManifest } from '../../../../electron/evidence/manifest';
import { applyEvent, initialChecklist } from '../../../../shared/checklist';
import { identity, pingOutcome, quietOptions, sample, target, tempDir } from './tmp.fixture';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('evidence bundle', () => {
  it('creates a bundle with audit record, custody log and a manifest hashing every file', () => {
    const dir = join(tempDir(), 'audit-1');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    const manifest = readManifest(dir);
    expect(manifest).toMatchObject({
      format: 'pptp-auditor-evidence/1',
      site: 'Waterworks North',
      state: 'open',
      host: { hostname: 'auditor-01', kernel: '6.1.0-test' },
      tools: { tcpdump: 'tcpdump version 4.99.3' },
    });
    expect(manifest.files.map((f) => f.path)).toEqual(['audit.json', 'custody.jsonl']);
    for (const f of manifest.files) expect(f.sha256).toBe(sha(readFileSync(join(dir, f.path))));
    expect(JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'))).toMatchObject({ identity, target });
    expect(verifyBundle(dir)).toMatchObject({ intact: true, state: 'open', problems: [] });
    bundle.detach();
  });

  it('refuses a folder that is not empty', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x'), 'x');
    expect(() => EvidenceBundle.create(dir, { identity, target }, quietOptions())).toThrow(/not empty/);
  });

  it('records commands with raw outputs, argv, UTC times and exit status', () => {
    const dir = join(tempDir(), 'b');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    const rec = bundle.recordCommand(pingOutcome({ stderr: 'ping: warning\n' }), 'latency');
    expect(rec).toMatchObject({
      kind: 'end',
      seq: 1,
      op: 'ping.run',
      exitCode: 0,
      step: 'latency',
      stdoutFile: 'outputs/0001-ping.run.stdout',
      stderrFile: 'outputs/0001-ping.run.stderr',
      error: null,
    });
    expect(readFileSync(join(dir, rec.stdoutFile!), 'utf8')).toBe(pingOutcome().stdout);
    expect(rec.stdoutSha256).toBe(sha(pingOutcome().stdout));
    const lines = readFileSync(join(dir, 'commands.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.kind)).toEqual(['start', 'end']);
    expect(lines[0]).toMatchObject({ seq: 1, argv: pingOutcome().argv, startedAt: '2026-11-24T08:00:00.000Z' });
    bundle.detach();
  });

  it('keeps hostile op names inside outputs/ and notes a hash mismatch with the producer', () => {
    const dir = join(tempDir(), 'b');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    const rec = bundle.recordCommand(pingOutcome({ op: '../../etc/passwd', outputSha256: '0'.repeat(64) }));
    expect(rec.stdoutFile).toBe('outputs/0001-etc-passwd.stdout');
    expect(rec.error).toMatch(/stdout hash differs/);
    expect(existsSync(join(dir, 'outputs/0001-etc-passwd.stdout'))).toBe(true);
    bundle.detach();
  });

  it('appends samples, notes, checklist events and snapshots, and closes sealed and intact', () => {
    const dir = join(tempDir(), 'b');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    bundle.appendSamples([sample(1000), sample(1500)]);
    bundle.appendSamples([sample(2000)]);
    bundle.addNote({ step: 'capture', text: 'capture taken on WAN side' });
    const s0 = initialChecklist();
    const event = { type: 'target-set' as const, target };
    bundle.recordChecklist(event, applyEvent(s0, event).state);
    bundle.writeFindings({ findings: [{ id: 'pptp-in-use', title: 'PPTP is in use', severity: 'critical' }] });
    bundle.recordCommand(pingOutcome());
    const manifest = bundle.close();
    expect(manifest.state).toBe('closed');
    expect(manifest.closedAt).not.toBeNull();
    expect(manifest.files.map((f) => f.path)).toEqual([
      'audit.json',
      'checklist-events.jsonl',
      'checklist.json',
      'commands.jsonl',
      'custody.jsonl',
      'findings.json',
      'notes.jsonl',
      'outputs/0001-ping.run.stdout',
      'samples/throughput.jsonl',
    ]);
    for (const f of manifest.files) expect(f.sha256, f.path).toBe(sha(readFileSync(join(dir, f.path))));
    expect(verifyBundle(dir)).toMatchObject({ intact: true, state: 'closed', warnings: [] });
    const contents = readBundle(dir);
    expect(contents.samples.map((s) => s.t)).toEqual([1000, 1500, 2000]);
    expect(contents.notes[0]?.text).toBe('capture taken on WAN side');
    expect(contents.checklist?.target).toEqual(target);
    expect(contents.commands).toHaveLength(1);
    expect(contents.custody.map((c) => c.event)).toEqual(['created', 'closed']);
    expect(() => bundle.addNote({ step: null, text: 'late' })).toThrow(EvidenceError);
  });

  it('reseals the manifest in the background within the flush interval', async () => {
    const dir = join(tempDir(), 'b');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions({ flushIntervalMs: 50 }));
    bundle.appendSamples([sample(1)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(readManifest(dir).files.map((f) => f.path)).toContain('samples/throughput.jsonl');
    expect(verifyBundle(dir).intact).toBe(true);
    bundle.detach();
  });

  it('copies or moves captures into captures/ with a hash in the manifest', () => {
    const root = tempDir();
    const dir = join(root, 'b');
    const pcap = join(root, 'cap.pcap');
    writeFileSync(pcap, Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]));
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    expect(bundle.addCapture(pcap)).toBe('captures/cap.pcap');
    expect(existsSync(pcap)).toBe(true);
    expect(bundle.addCapture(pcap, { move: true, name: 'step4 run2.pcap' })).toBe('captures/step4-run2.pcap');
    expect(existsSync(pcap)).toBe(false);
    const manifest = bundle.seal();
    expect(manifest.files.find((f) => f.path === 'captures/cap.pcap')?.sha256).toBe(sha(Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0])));
    bundle.detach();
  });

  it('reads a bundle with a hostile checklist.json without crashing', () => {
    const dir = join(tempDir(), 'b');
    const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
    bundle.detach();
    writeFileSync(join(dir, 'checklist.json'), '{"format":"pptp-auditor-checklist/1","target":{"iface":"$(reboot)"}}');
    mkdirSync(join(dir, 'samples'), { recursive: true });
    writeFileSync(join(dir, 'samples/throughput.jsonl'), '{"t":1}\n"junk"\n{"t":2');
    const contents = readBundle(dir);
    expect(contents.checklist).toBeNull();
    expect(contents.problems[0]).toMatch(/checklist\.json/);
    expect(contents.samples.map((s) => s.t)).toEqual([1]);
    expect(contents.damage).toEqual([{ file: 'samples/throughput.jsonl', torn: true, badLines: [] }]);
  });
});
