/**
 * Offline audit (`audit --from DIR`): the files a site engineer sent, recognised by content and
 * judged by the same adapters and engine as a live audit. The same evidence gives the same
 * findings as the GUI's audit of the same host (RecordedRunner answers with the same files).
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../../../shared/checklist/steps';
import type { FindingsReport } from '../../../../shared/findings/types';
import { AuditService } from '../../../../electron/audit/auditService';
import { importAudit } from '../../../../electron/audit/importAudit';
import { AuditRegistry } from '../../../../electron/backend/auditRegistry';
import { PushHub } from '../../../../electron/backend/pushHub';
import { LAB, RecordedRunner } from './recordedRunner';

const root = mkdtempSync(path.join(os.tmpdir(), 'pa-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const identity = { site: 'Supplied', asset: 'pptpd', auditor: 'import test' };
const target = { iface: 'ppp0', carrier: 'sv0', remoteIp: '192.168.47.1' };
const FIXTURES = new URL('../../../fixtures/', import.meta.url).pathname;
const ids = (r: FindingsReport) => r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();

/** What the PPTP server's engineer would send: the server side's files of a lab scenario. */
function sentFolder(scenario: string): string {
  const folder = mkdtempSync(path.join(root, `${scenario}-sent-`));
  const from = path.join(LAB, scenario);
  for (const name of ['server-ip-addr-up.json', 'proc-modules.txt', 'syslog.txt', 'options.pptpd', 'server-iptables-save.txt', 'server-nft-ruleset.txt', 'capture.pcap', 'ping-1400.txt']) {
    if (existsSync(path.join(from, name)) && readFileSync(path.join(from, name)).length > 0) copyFileSync(path.join(from, name), path.join(folder, name));
  }
  copyFileSync(path.join(LAB, '../modules/uml-6.1-modules.builtin'), path.join(folder, 'modules.builtin'));
  copyFileSync(path.join(LAB, '../modules/uml-6.1-config.txt'), path.join(folder, 'config-6.1'));
  return folder;
}

async function guiAudit(scenario: string): Promise<FindingsReport> {
  const service = new AuditService(new AuditRegistry(), new PushHub(), () => new RecordedRunner(scenario, { dfProbes: false }), {
    // Its own audits folder: concurrent cases start audits of the same site in the same second.
    auditsRoot: mkdtempSync(path.join(root, 'gui-')),
    probe: () => ({}),
  });
  let view = service.start(identity, target, null);
  for (const step of STEP_IDS) view = await service.runStep(view.auditId, step, 1, 50);
  return view.findings!;
}

describe('offline audit from the files a site engineer sent', () => {
  for (const scenario of ['healthy', 'cleartext', 'gre-blocked', 'mppe-refused']) {
    // Concurrent: each waits out the GUI audit's real sampling windows; own folders, so the waits overlap.
    it.concurrent(`${scenario}: the same findings as the GUI audit of the same evidence`, async ({ expect }) => {
      const folder = sentFolder(scenario);
      const files = readdirSorted(folder);
      const imported = await importAudit({ dir: path.join(root, `${scenario}-bundle`), identity, target, files });
      expect(imported.refused).toEqual([]);
      // chap-secrets is summarised inside the helper; its secrets are never a supplied file, so
      // offline those two rules are not evaluated (said so) and everything else is identical.
      const chap = (id: string) => id.startsWith('chap-secrets');
      expect(ids(imported.findings)).toEqual(ids(await guiAudit(scenario)).filter((id) => !chap(id)));
      expect(imported.findings.rules.filter((r) => chap(r.ruleId)).map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
      // The bundle says the evidence was supplied, and claims no command ran.
      const custody = readFileSync(path.join(imported.dir, 'custody.jsonl'), 'utf8');
      expect(custody).toMatch(/"event":"supplied"/);
      const checklist = imported.session.checklist;
      expect(checklist.steps['kernel-modules'].runs[0]?.commands.every((c) => c.startsWith('# supplied: outputs/supplied-'))).toBe(true);
      expect(imported.stepsNotDone.map((s) => s.step)).toContain('throughput');
      expect(imported.stepsNotDone.every((s) => s.why.length > 0)).toBe(true);
    });
  }

  it('a veth named ppp0 with no PPTP daemon: a tunnel of unknown kind, never "PPTP in use", and INCOMPLETE', async () => {
    const folder = mkdtempSync(path.join(root, 'veth-'));
    for (const f of ['ip-j-d-addr.veth-ppp0.json', 'ps-eo.none.txt', 'ss-ltnp.none.txt']) copyFileSync(path.join(FIXTURES, 'inputs', f), path.join(folder, f));
    const imported = await importAudit({ dir: path.join(root, 'veth-bundle'), identity, target: { ...target, carrier: 'eth0' }, files: readdirSorted(folder) });
    expect(imported.findings.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['tunnel-kind-unknown:info']);
    expect(imported.findings.rules.find((r) => r.ruleId === 'pptp-in-use')?.status).toBe('clear');
    expect(imported.findings.risk.rating).toBe('incomplete');
  });

  it('an absent interface: step 1 says "no such interface", not a module diagnosis', async () => {
    const folder = sentFolder('healthy');
    const imported = await importAudit({ dir: path.join(root, 'absent-bundle'), identity, target: { ...target, iface: 'ppp9' }, files: readdirSorted(folder) });
    const step1 = imported.session.checklist.steps['identify-interfaces'].runs[0];
    expect(step1?.verdict).toMatchObject({ level: 'fail' });
    expect(step1?.verdict?.reason).toMatch(/^ppp9: no such interface/);
    expect(imported.findings.findings.map((f) => f.ruleId)).not.toContain('missing-modules');
  });

  it('refuses what it does not recognise, saying what it looks like, and keeps it out of the bundle', async () => {
    const folder = mkdtempSync(path.join(root, 'mixed-'));
    copyFileSync(path.join(FIXTURES, 'inputs/tcpdump-text.txt'), path.join(folder, 'dump.txt'));
    copyFileSync(path.join(FIXTURES, 'inputs/iptables-S.txt'), path.join(folder, 'options.pptpd'));
    mkdirSync(path.join(folder, 'sub'));
    const imported = await importAudit({ dir: path.join(root, 'mixed-bundle'), identity, target, files: readdirSorted(folder) });
    expect(imported.refused).toEqual([expect.stringMatching(/^dump\.txt: .*tcpdump text dump/)]);
    // iptables -S named like pppd options is a firewall, never options.
    expect(imported.findings.rules.find((r) => r.ruleId === 'mppe-not-required')?.status).toBe('not-evaluated');
    expect(existsSync(path.join(imported.dir, 'outputs/supplied-dump.txt'))).toBe(false);
  });
});

function readdirSorted(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .map((n) => path.join(folder, n))
    .filter((f) => lstatSync(f).isFile());
}
