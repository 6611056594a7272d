import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { findSampleAudit } from '../../electron/audit/sampleAudit';
import type { AuditSummary, SavedAudit } from '../../shared/ipc/channels/audits';
import type { Envelope } from '../../shared/ipc/define';
import type { FindingsReport } from '../../shared/findings/types';
import { SAMPLE_AUDIT_FOLDER, SAMPLE_AUDIT_LABEL } from '../../shared/model/sampleAudit';
import { CLI, REPO } from './support/serve';

/**
 * The sample audit committed under samples/lab-cleartext: a real audit of the PPTP lab's
 * `cleartext` scenario (test/lab/record-sample.ts). It must verify, carry the findings a tunnel
 * without MPPE has, print with its label on every page, and stay read-only in the app.
 */
const SAMPLE = path.join(REPO, SAMPLE_AUDIT_FOLDER);

function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of filesOf(dir).sort()) out[path.relative(dir, f)] = createHash('sha256').update(readFileSync(f)).digest('hex');
  return out;
}

describe('the committed sample audit', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'pa-sample-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('verifies INTACT and is small', () => {
    const r = spawnSync(process.execPath, [CLI, 'verify', SAMPLE], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^INTACT: .* bundle closed/);
    const sizes = filesOf(SAMPLE).map((f) => statSync(f).size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(400 * 1024);
    expect(Math.max(...sizes)).toBeLessThan(200 * 1024);
  });

  it('is labelled as a sample in its sealed identity and has the findings of a tunnel without MPPE', () => {
    const audit = JSON.parse(readFileSync(path.join(SAMPLE, 'audit.json'), 'utf8')) as { identity: { site: string } };
    expect(audit.identity.site).toBe(SAMPLE_AUDIT_LABEL);
    const report = JSON.parse(readFileSync(path.join(SAMPLE, 'findings.json'), 'utf8')) as FindingsReport;
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['pptp-in-use', 'data-unencrypted', 'mppe-not-required', 'mschapv2-observable']));
    for (const never of ['gre-blockage', 'weak-mppe', 'mppe-negotiation-failed']) expect(rules).not.toContain(never);
    expect(report.risk.rating).toBe('critical');
    expect(report.risk.coverage.stepsCovered).toHaveLength(6);
    const cleartext = report.findings.find((f) => f.ruleId === 'data-unencrypted')!;
    expect(cleartext.severity).toBe('critical');
    // Its evidence is the capture the audit recorded, and that file is in the bundle.
    expect(cleartext.evidence[0]!.file).toMatch(/^captures\/.*\.pcap$/);
    expect(statSync(path.join(SAMPLE, cleartext.evidence[0]!.file)).size).toBeGreaterThan(0);
  });

  it('prints a PDF from the README command, the sample label on every page', () => {
    const out = path.join(tmp, 'sample.pdf');
    const r = spawnSync(process.execPath, [CLI, 'report', SAMPLE_AUDIT_FOLDER, '--out', out], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Tunnel data travels in cleartext');
    expect(text).toContain('PPTP is in use');
    expect(text).toMatch(/CRITICAL/);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, i) => expect(page.replace(/\s+/g, ' '), `page ${i + 1}`).toContain(SAMPLE_AUDIT_LABEL));
  }, 150_000);
});

describe('the sample audit in the backend', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pa-sample-audits-'));
  const backend = new Backend(() => undefined, { auditsRoot: root });
  const context = { binding: 'loopback' as const, clientId: 'client-1' };
  const call = <T>(channel: string, payload: unknown) => backend.dispatch(channel, payload, context) as Promise<Envelope<T>>;
  const value = async <T>(channel: string, payload: unknown) => {
    const envelope = await call<T>(channel, payload);
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
    return envelope.value;
  };

  afterAll(() => {
    backend.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('is offered beside an empty audits folder, never listed as an audit of a site', async () => {
    expect(await value<AuditSummary[]>('audits.list', {})).toEqual([]);
    const sample = await value<AuditSummary | null>('audits.sample', {});
    expect(sample).toMatchObject({ sample: true, site: SAMPLE_AUDIT_LABEL, state: 'closed', risk: 'critical' });
    const opened = await value<SavedAudit>('audits.open', { auditId: sample!.auditId });
    expect(opened.summary.sample).toBe(true);
    expect(opened.problems).toEqual([]);
    expect(Object.values(opened.checklist!.steps).map((s) => s.status)).toEqual(Array(6).fill('done'));
    expect(opened.throughput.length).toBeGreaterThan(1);
  });

  it('refuses every write to the sample and leaves every byte as recorded', async () => {
    const before = fingerprint(SAMPLE);
    const { auditId } = (await value<AuditSummary | null>('audits.sample', {}))!;
    const writes: Array<[string, Record<string, unknown>]> = [
      ['audit.runStep', { auditId, step: 'latency', pingCount: 10 }],
      ['audit.skip', { auditId, step: 'logs', reason: 'no' }],
      ['audit.note', { auditId, step: 'capture', text: 'written into the sample' }],
      ['audit.finish', { auditId, confirmed: true }],
      ['audit.resume', { auditId }],
      ['audit.abandon', { auditId, reason: 'written into the sample' }],
      ['audit.exportPdf', { auditId, paper: 'A4' }],
      ['terminal.open', { auditId }],
    ];
    for (const [channel, payload] of writes) {
      const envelope = await call(channel, payload);
      // Refused as a write, not by the request schema (that would prove nothing).
      expect(envelope, `${channel} must be refused on the sample`).toMatchObject({ ok: false, error: { code: 'failed' } });
    }
    expect(fingerprint(SAMPLE)).toEqual(before);
  });

  it('is flagged by where it lives: a copy in the audits folder is an ordinary bundle', async () => {
    cpSync(SAMPLE, path.join(root, 'copied'), { recursive: true });
    const listed = await value<AuditSummary[]>('audits.list', {});
    expect(listed).toHaveLength(1);
    expect(listed[0]!.sample).toBeUndefined();
    rmSync(path.join(root, 'copied'), { recursive: true, force: true });
  });
});

describe('where the app finds the sample', () => {
  // Electron sets process.resourcesPath; plain Node (the CLI, these tests) has none.
  const proc = process as unknown as { resourcesPath?: string };
  afterAll(() => delete proc.resourcesPath);

  it('from a checkout: the repository folder', () => {
    expect(findSampleAudit()).toBe(SAMPLE);
  });

  it('packaged: the folder electron-builder copies beside app.asar comes first', () => {
    const yml = readFileSync(path.join(REPO, 'build', 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(new RegExp(`extraResources:\\n\\s+- from: ${SAMPLE_AUDIT_FOLDER}\\n\\s+to: ${SAMPLE_AUDIT_FOLDER}\\n`));
    const resources = mkdtempSync(path.join(tmpdir(), 'pa-resources-'));
    try {
      cpSync(SAMPLE, path.join(resources, SAMPLE_AUDIT_FOLDER), { recursive: true });
      proc.resourcesPath = resources;
      expect(findSampleAudit()).toBe(path.join(resources, SAMPLE_AUDIT_FOLDER));
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });
});
