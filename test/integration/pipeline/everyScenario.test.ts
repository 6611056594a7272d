/**
 * The one step pipeline on every lab scenario (RecordedRunner: real lab output): the GUI's
 * service, the headless audit and the per-step commands reach the same findings. An
 * integration test (issue 14): it runs the whole app, every scenario's captures and logs through
 * three pipelines each waiting out real sampling and capture windows, which is most of the unit
 * tier's CPU; the healthy run, with the commands shown = run = recorded, stays a unit test
 * (test/unit/electron/audit/pipeline.test.ts).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../../shared/checklist/steps';
import type { FindingsReport } from '../../../shared/findings/types';
import { DEFAULT_STEP_OPTIONS } from '../../../shared/steps/index';
import { AuditService } from '../../../electron/audit/auditService';
import { runAudit } from '../../../electron/audit/runAudit';
import { executeStep } from '../../../electron/audit/stepRunner';
import { AuditRegistry } from '../../../electron/backend/auditRegistry';
import { PushHub } from '../../../electron/backend/pushHub';
import { judgeStep } from '../../../electron/cli/stepRun/judge';
import { MemoryRecorder } from '../../../electron/cli/stepRun/memoryRecorder';
import { LAB, RecordedRunner } from '../../unit/electron/audit/recordedRunner';

/** The lab guest had every tool and module: the recorded host's prerequisites, not this machine's. */
const labHost = () => ({});

const root = mkdtempSync(path.join(os.tmpdir(), 'pa-pipeline-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const target = { iface: 'ppp0', carrier: 'sv0', remoteIp: '192.168.47.1' };
const identity = { site: 'Lab healthy', asset: 'pptpd', auditor: 'pipeline test' };
const WINDOW_S = 1;
const idsOf = (report: FindingsReport) => report.findings.map((f) => `${f.id}:${f.severity}`).sort();

describe('every lab scenario: GUI, headless and per-step judging agree on the same evidence', () => {
  const scenarios = readdirSync(LAB, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(LAB, d.name, 'scenario.json')))
    .map((d) => d.name)
    .sort();
  const options = { ...DEFAULT_STEP_OPTIONS, windowS: WINDOW_S, pingCount: 50 };

  /** The lab's scenarios, a veth named ppp0 with no PPTP daemon (step 1 recorded in namespaces), and an absent interface. */
  const cases: Array<{ name: string; scenario: string; answers?: Record<string, string>; iface?: string; check?: (gui: FindingsReport) => void }> = [
    ...scenarios.map((s) => ({ name: s, scenario: s })),
    {
      // Step 1 from a veth named ppp0 (recorded in namespaces), the rest from the healthy lab:
      // PPTP is evidenced by the wire and the logs, never by the veth's name.
      name: 'a veth named ppp0 (no pppd/pptpd, nothing on 1723) beside real PPTP evidence',
      scenario: 'healthy',
      answers: { 'ip.addr': 'inputs/ip-j-d-addr.veth-ppp0.json', 'processes.list': 'inputs/ps-eo.none.txt', 'sockets.listening': 'inputs/ss-ltnp.none.txt' },
      check: (gui) => {
        const pptp = gui.findings.find((f) => f.ruleId === 'pptp-in-use');
        expect(pptp?.evidence.map((e) => e.file)).not.toContain(expect.stringMatching(/ip\.addr/));
        expect(pptp?.evidence.some((e) => e.packet !== undefined)).toBe(true);
      },
    },
    { name: 'an absent interface (ppp9)', scenario: 'healthy', iface: 'ppp9' },
  ];
  // Each run waits out real sampling and capture windows (WINDOW_S, twice per pipeline): the
  // cases are independent (own folders, services and runners), so they run concurrently and
  // each case's three pipelines side by side; the waits overlap instead of adding up.
  for (const c of cases) {
    it.concurrent(c.name, async ({ expect }) => {
      const runner = () => new RecordedRunner(c.scenario, c.answers ? { answers: c.answers } : {});
      const t = { ...target, ...(c.iface ? { iface: c.iface } : {}) };
      // Its own audits folder: concurrent cases start audits of the same site in the same second.
      const service = new AuditService(new AuditRegistry(), new PushHub(), runner, { auditsRoot: mkdtempSync(path.join(root, 'all-')), probe: labHost });
      const guiRun = async () => {
        let view = service.start(identity, t, null);
        for (const step of STEP_IDS) view = await service.runStep(view.auditId, step, WINDOW_S, options.pingCount);
        return view;
      };
      const perStepRun = async () => {
        const recorder = new MemoryRecorder(runner());
        const outputs = [];
        for (const step of STEP_IDS) outputs.push(...(await executeStep(recorder, step, { target: t, options, kernelRelease: os.release(), captureDir: mkdtempSync(path.join(root, 'cli-')) })).outputs);
        return judgeStep('logs', outputs, { target: t, linkSpeedMbps: null });
      };
      const [view, headless, perStep] = await Promise.all([
        guiRun(),
        runAudit({ dir: mkdtempSync(path.join(root, 'all-headless-')), identity, target: t, runner: runner(), durationS: WINDOW_S, pingCount: 50, probe: labHost }),
        perStepRun(),
      ]);
      const gui = view.findings!;
      expect(idsOf(headless.findings)).toEqual(idsOf(gui));
      expect(perStep.findings.map((f) => `${f.id}:${f.severity}`).sort()).toEqual(idsOf(gui));
      if (c.iface) expect(view.checklist.steps['identify-interfaces'].runs[0]?.verdict?.reason).toMatch(/^ppp9: no such interface/);
      c.check?.(gui);
      // Generous: five cases share the cores with the rest of the unit tier (a bound, not a timing).
    }, 180_000);
  }
});
