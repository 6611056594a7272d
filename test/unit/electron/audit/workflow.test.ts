/**
 * Finish on purpose, resume, abandon: what the GUI service writes to the custody log and the
 * manifest, on real lab output (RecordedRunner). The printer is the binding's injection point
 * (Electron's printToPDF, headless Chromium); here it writes a small PDF-like file so the test
 * checks where the report goes and how it is hashed, not Chromium.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditService } from '../../../../electron/audit/auditService';
import { AuditSession } from '../../../../electron/audit/auditSession';
import { listSavedAudits } from '../../../../electron/audit/savedAudits';
import { AuditRegistry } from '../../../../electron/backend/auditRegistry';
import { PushHub } from '../../../../electron/backend/pushHub';
import { compareBundles, readBundle, verifyBundle } from '../../../../electron/evidence';
import { loadReportModel } from '../../../../electron/report/loadReportModel';
import { RecordedRunner } from './recordedRunner';

const labHost = () => ({});
const root = mkdtempSync(path.join(os.tmpdir(), 'pa-workflow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const target = { iface: 'ppp0', carrier: 'sv0', remoteIp: '192.168.47.1' };
const identity = { site: 'Lab healthy', asset: 'pptpd', auditor: 'J. Field' };

const custody = (dir: string) => readBundle(dir).custody;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Prints what the report model says about the draft, so the test sees the flag the page would. */
async function printer(dir: string, out: string, paper: string): Promise<void> {
  const model = loadReportModel(dir);
  writeFileSync(out, `%PDF-1.4 ${paper} ${model.draft ? 'DRAFT' : 'FINAL'} ${model.identity.site}\n`);
}

function service(registry = new AuditRegistry(), hub = new PushHub()) {
  return new AuditService(registry, hub, () => new RecordedRunner('healthy'), { auditsRoot: root, probe: labHost, printPdf: printer });
}

describe('finish on purpose: draft export and "Finish and sign" are recorded in custody', () => {
  it('a draft leaves the audit open and is recorded with its hash; signing puts the final report inside, hashed, sealed', async () => {
    const guided = service();
    let view = guided.start(identity, target, null);
    view = await guided.runStep(view.auditId, 'identify-interfaces', 5, 5);

    const draft = await guided.exportPdf(view.auditId, 'A4');
    expect(draft.draft).toBe(true);
    expect(path.dirname(draft.path)).toBe(root);
    expect(readFileSync(draft.path, 'utf8')).toContain('DRAFT');
    const drafted = custody(view.dir).filter((c) => c.event === 'draft-exported');
    expect(drafted).toHaveLength(1);
    expect(drafted[0]!.detail).toContain(sha(draft.path));
    expect(readBundle(view.dir).manifest.state).toBe('open');
    // Still open: a step runs again after the draft.
    view = await guided.runStep(view.auditId, 'kernel-modules', 5, 5);
    expect(view.closed).toBe(false);

    view = await guided.finish(view.auditId, 'A4', 'J. Field, security officer');
    expect(view.status).toBe('closed');
    expect(view.finalReport).toBe('report/report-A4.pdf');
    const final = path.join(view.dir, 'report', 'report-A4.pdf');
    expect(readFileSync(final, 'utf8')).toContain('FINAL');
    const bundle = readBundle(view.dir);
    expect(bundle.manifest.state).toBe('closed');
    expect(bundle.manifest.files.find((f) => f.path === 'report/report-A4.pdf')?.sha256).toBe(sha(final));
    const events = bundle.custody.map((c) => c.event);
    expect(events.slice(-2)).toEqual(['signed', 'closed']);
    expect(bundle.custody.find((c) => c.event === 'signed')!.detail).toMatch(/^finished and signed by J\. Field, security officer; final report \(A4\) printed into report\//);
    expect(verifyBundle(view.dir).intact).toBe(true);
    // The sealed audit hands back the signed report, not a new draft; nothing else is written.
    expect(await guided.exportPdf(view.auditId, 'A4')).toEqual({ path: final, draft: false });
    await expect(guided.runStep(view.auditId, 'logs', 5, 5)).rejects.toThrow(/finished/);
  });

  it('resumes an open audit after a restart (interrupted step recorded, earlier facts carried), then abandons it: kept, never the site\'s audit', async () => {
    // The app ran steps 1 and 2, then stopped while step 5 was running.
    const first = service();
    let view = first.start(identity, target, null);
    view = await first.runStep(view.auditId, 'identify-interfaces', 5, 5);
    view = await first.runStep(view.auditId, 'kernel-modules', 5, 5);
    const findingsBefore = view.findings!.findings.map((f) => f.id).sort();
    const dir = view.dir;
    const session = (first as unknown as { audits: Map<string, { session: AuditSession }> }).audits.get(view.auditId)!.session;
    session.startRun('logs', []);
    session.bundle.detach();

    // A new app: a new backend finds the open bundle and resumes it.
    const registry = new AuditRegistry();
    const pushed: string[] = [];
    const hub = new PushHub();
    hub.subscribe((channel) => pushed.push(channel));
    const second = service(registry, hub);
    const listed = listSavedAudits(root, registry, (d) => second.isActive(d)).find((a) => path.resolve(dir) === registry.dirOf(a.auditId))!;
    expect(listed).toMatchObject({ state: 'open', active: false });
    const resumed = second.resume(listed.auditId);
    expect(second.isActive(dir)).toBe(true);
    expect(pushed).toContain('audit.view');
    expect(resumed.checklist.steps['identify-interfaces'].status).toBe('done');
    expect(resumed.checklist.steps.logs.status).toBe('failed-to-run');
    expect(resumed.checklist.steps.logs.runs.at(-1)!.error).toMatch(/^interrupted: the app stopped while this step ran/);
    expect(resumed.findings!.findings.map((f) => f.id).sort()).toEqual(findingsBefore);
    expect(custody(dir).map((c) => c.event)).toContain('reopened');

    const abandoned = second.abandon(listed.auditId, 'wrong tunnel selected');
    expect(abandoned.status).toBe('abandoned');
    const bundle = readBundle(dir);
    expect(bundle.manifest.state).toBe('closed');
    expect(bundle.custody.map((c) => c.event).slice(-2)).toEqual(['abandoned', 'closed']);
    expect(bundle.custody.find((c) => c.event === 'abandoned')!.detail).toBe('wrong tunnel selected');
    expect(verifyBundle(dir).intact).toBe(true);
    expect(listSavedAudits(root, registry).find((a) => a.auditId === listed.auditId)!.state).toBe('abandoned');
    // Never a baseline, never compared, no report.
    const signed = listSavedAudits(root, registry).find((a) => a.state === 'closed')!;
    expect(() => compareBundles(dir, registry.dirOf(signed.auditId))).toThrow(/abandoned audit/);
    expect(() => compareBundles(registry.dirOf(signed.auditId), dir)).toThrow(/abandoned audit/);
    await expect(second.exportPdf(listed.auditId, 'A4')).rejects.toThrow(/abandoned/);
  });

  it('Finish and sign needs the literal confirmation in the request', async () => {
    const { createDispatcher } = await import('../../../../electron/backend/dispatcher');
    const dispatch = createDispatcher({ 'audit.finish': () => ({}) } as never);
    const out = await dispatch('audit.finish', { auditId: '00000000-0000-4000-8000-000000000000' }, { binding: 'loopback', clientId: 'c' });
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
