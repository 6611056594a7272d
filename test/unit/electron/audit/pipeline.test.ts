/**
 * The one step pipeline, end to end on real lab output (RecordedRunner): the GUI's service, the
 * headless audit and the per-step commands run the same plans and reach the same findings, and
 * every command is the same on screen, in checklist.json and in commands.jsonl. Here on the
 * healthy lab run; every lab scenario through all three pipelines is in the integration tier
 * (test/integration/pipeline/everyScenario.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STEP_IDS, type StepId } from '../../../../shared/checklist/steps';
import type { FindingsReport } from '../../../../shared/findings/types';
import { DEFAULT_STEP_OPTIONS, planStep } from '../../../../shared/steps/index';
import { displayOfArgv } from '../../../../shared/steps/planned';
import { AuditService } from '../../../../electron/audit/auditService';
import { runAudit } from '../../../../electron/audit/runAudit';
import { executeStep } from '../../../../electron/audit/stepRunner';
import { AuditRegistry } from '../../../../electron/backend/auditRegistry';
import { PushHub } from '../../../../electron/backend/pushHub';
import { judgeStep } from '../../../../electron/cli/stepRun/judge';
import { MemoryRecorder } from '../../../../electron/cli/stepRun/memoryRecorder';
import { RecordedRunner } from './recordedRunner';

/** The lab guest had every tool and module: the recorded host's prerequisites, not this machine's. */
const labHost = () => ({});

const root = mkdtempSync(path.join(os.tmpdir(), 'pa-pipeline-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const target = { iface: 'ppp0', carrier: 'sv0', remoteIp: '192.168.47.1' };
const identity = { site: 'Lab healthy', asset: 'pptpd', auditor: 'pipeline test' };
const WINDOW_S = 1;

interface CommandStart {
  kind: string;
  seq: number;
  op: string;
  argv: string[];
  step: string | null;
}

/** The start or end records of commands.jsonl. */
function commandRecords(dir: string, kind: 'start' | 'end'): CommandStart[] {
  return readFileSync(path.join(dir, 'commands.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as CommandStart)
    .filter((r) => r.kind === kind);
}

const idsOf = (report: FindingsReport) => report.findings.map((f) => `${f.id}:${f.severity}`).sort();

describe('one step pipeline on real lab output (healthy PPTP server)', () => {
  let guiFindings: FindingsReport;
  let guiDir: string;
  const options = { ...DEFAULT_STEP_OPTIONS, windowS: WINDOW_S, pingCount: 50 };

  it('GUI service: the commands shown are the commands run are the commands recorded, step by step', async () => {
    const service = new AuditService(new AuditRegistry(), new PushHub(), () => new RecordedRunner('healthy'), { auditsRoot: root, probe: labHost });
    let view = service.start(identity, target, null);
    guiDir = view.dir;
    for (const step of STEP_IDS) {
      // What the GUI shows for the values in its fields (StepDetail computes exactly this).
      const shown = planStep(step, {
        target: view.target,
        options: { ...view.options[step], windowS: WINDOW_S, pingCount: options.pingCount },
        captureDir: view.plan.captureDir,
        ...(view.plan.kernelRelease !== null ? { kernelRelease: view.plan.kernelRelease } : {}),
      });
      expect(shown.every((c) => c.unavailable === null), step).toBe(true);
      view = await service.runStep(view.auditId, step, WINDOW_S, options.pingCount);
      const run = view.checklist.steps[step].runs.at(-1)!;
      expect(run.commands, `${step}: checklist.json`).toEqual(shown.map((c) => c.display));
      // commands.jsonl: every planned command, in order, with the planned argv; besides them
      // only the capture's stop and the bisection's further sizes, which the plan announces.
      const recorded = commandRecords(view.dir, 'start').filter((r) => r.step === step);
      const announced = recorded.filter((r, i) => !(r.op === 'capture.stop' || (r.op === 'ping.run' && r.argv.includes('do') && recorded.slice(0, i).some((p) => p.argv.includes('do')))));
      expect(announced.map((r) => displayOfArgv(r.argv)), `${step}: commands.jsonl`).toEqual(shown.map((c) => c.display));
      expect(announced.map((r) => r.argv)).toEqual(shown.map((c) => c.argv));
      // What the runner reports it executed (its planner's argv for the request it got) is what was announced.
      const ends = new Map(commandRecords(view.dir, 'end').map((r) => [r.seq, r.argv]));
      for (const r of recorded) if (ends.has(r.seq)) expect(ends.get(r.seq), `${step} #${r.seq}`).toEqual(r.argv);
    }
    guiFindings = view.findings!;
    expect(view.checklist.steps['identify-interfaces'].status).toBe('done');
  });

  it('finds what the evidence shows and nothing more', () => {
    const fired = new Set(guiFindings.findings.map((f) => f.ruleId));
    expect([...fired]).toEqual(expect.arrayContaining(['pptp-in-use', 'mschapv2-observable', 'chap-secrets-weak']));
    expect(fired.has('data-unencrypted')).toBe(false);
    // ss -ltnp was not recorded in the lab: exposure of 1723 is not evaluated, never assumed.
    expect(guiFindings.rules.find((r) => r.ruleId === 'tcp1723-unrestricted')?.status).toBe('not-evaluated');
  });

  it('headless audit: the same findings for the same evidence', async () => {
    const outcome = await runAudit({ dir: path.join(root, 'headless'), identity, target, runner: new RecordedRunner('healthy'), durationS: WINDOW_S, pingCount: options.pingCount, probe: labHost });
    expect(idsOf(outcome.findings)).toEqual(idsOf(guiFindings));
    expect(outcome.findings.risk.rating).toBe(guiFindings.risk.rating);
    const stored = JSON.parse(readFileSync(path.join(guiDir, 'findings.json'), 'utf8')) as FindingsReport;
    expect(idsOf(stored)).toEqual(idsOf(guiFindings));
  });

  it('per-step commands: each step judged alone gives the findings the audit gave for its rules', async () => {
    const recorder = new MemoryRecorder(new RecordedRunner('healthy'));
    const dir = mkdtempSync(path.join(root, 'cli-'));
    const outputs = [];
    for (const step of STEP_IDS as readonly StepId[]) {
      const execution = await executeStep(recorder, step, { target, options, kernelRelease: '6.1.176', captureDir: dir });
      outputs.push(...execution.outputs);
    }
    const all = judgeStep('logs', outputs, { target, linkSpeedMbps: null });
    expect(all.findings.map((f) => `${f.id}:${f.severity}`).sort()).toEqual(idsOf(guiFindings));
  });
});
