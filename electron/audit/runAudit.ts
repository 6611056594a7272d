import { STEP_IDS, type StepId } from '../../shared/checklist/steps';
import type { FindingsReport } from '../../shared/findings/types';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import type { Runner } from '../../shared/ops/runner';
import { planStep, type StepOptions } from '../../shared/steps/index';
import type { RawOutput } from '../../shared/steps/outputs';
import { AuditSession } from './auditSession';
import { concludeStep, evaluate } from './conclude';
import { probePrerequisites } from './probePrerequisites';
import { keepTargetConnectionEvents } from './targetConnectionEvents';
import { executeStep, type StepExecution, type StepHooks } from './stepRunner';
import type { BundleOptions } from '../evidence';
import { attachLongTermBaseline, type LongTermBaselineFile } from '../fleet/prometheus/baselineEvidence';

export interface AuditOptions {
  dir: string;
  identity: AuditIdentity;
  target: AuditTarget;
  runner: Runner;
  /** How long the tunnel is sampled and captured, seconds. */
  durationS: number;
  /** Echo requests of step 6 (at 0.2 s: count / 5 seconds). */
  pingCount: number;
  intervalMs?: number;
  linkSpeedMbps?: number | null;
  onProgress?: (line: string) => void;
  /** What the audited host can run; probed on this machine by default. */
  probe?: typeof probePrerequisites;
  /** The audited host's identity and tools for the manifest (a remote gateway's); this machine's by default. */
  bundle?: Pick<BundleOptions, 'host' | 'tools'>;
  /** Where step 3 samples and reads the link speed when the audited host is not this machine. */
  hooks?: Pick<StepHooks, 'sampler' | 'readSmallFile'>;
  /** Connection losses and recoveries of a remote target, kept in the bundle (outputs/target-connection.jsonl). */
  targetEvents?: () => readonly unknown[];
  /** A long-term baseline from Prometheus (`baseline --out`), kept as evidence of this audit. */
  longTermBaseline?: LongTermBaselineFile;
}

export interface AuditOutcome {
  dir: string;
  session: AuditSession;
  findings: FindingsReport;
  /** Steps that ran and gave evidence, and those that did not (with why). */
  stepsDone: StepId[];
  stepsNotDone: Array<{ step: StepId; why: string }>;
  problems: string[];
}

/**
 * The six steps without the GUI (a gateway reached over SSH): the same step plans, runner and
 * bundle as a GUI audit. Capture, throughput and latency run at the same time, so the capture
 * sees the echo traffic it is then able to account for.
 */
export async function runAudit(options: AuditOptions): Promise<AuditOutcome> {
  const say = options.onProgress ?? (() => {});
  const session = AuditSession.create(options.dir, options.identity, options.target, options.runner, options.bundle ?? {});
  const stepOptions: StepOptions = { windowS: options.durationS, pingCount: options.pingCount, intervalMs: options.intervalMs ?? 500 };
  const context = session.planContext(stepOptions);
  const linkSpeedMbps = options.linkSpeedMbps ?? null;
  const executions = new Map<StepId, StepExecution>();
  const refused = new Map<StepId, string>();

  session.event({ type: 'prerequisites-probed', at: session.at(), results: (options.probe ?? probePrerequisites)(process.getuid?.() === 0, options.target.iface) });
  const run = async (step: StepId): Promise<void> => {
    try {
      session.startRun(step, planStep(step, context));
    } catch (error) {
      // A step the checklist refuses (blocked by a missing tool) is listed as not done, with why.
      refused.set(step, (error as Error).message);
      return;
    }
    say(`step ${step}…`);
    let execution: StepExecution = { outputs: [], files: [], errors: [] };
    try {
      execution = await executeStep(session, step, context, { say, ...options.hooks });
    } catch (error) {
      execution.errors.push((error as Error).message);
    }
    executions.set(step, execution);
  };

  await run('identify-interfaces');
  await run('kernel-modules');
  say('steps capture, throughput and latency (concurrently)…');
  await Promise.all([run('capture'), run('throughput'), run('latency')]);
  await run('logs');

  const outputs: RawOutput[] = [...executions.values()].flatMap((e) => e.outputs);
  const evaluation = evaluate(session, outputs, { target: options.target, linkSpeedMbps });
  for (const [step, execution] of executions) concludeStep(session, step, execution, evaluation);
  keepTargetConnectionEvents(session.bundle, options.targetEvents?.() ?? []);
  if (options.longTermBaseline) attachLongTermBaseline(session.bundle, options.longTermBaseline);
  session.bundle.close();

  const stepsDone = STEP_IDS.filter((id) => session.checklist.steps[id].status === 'done');
  const stepsNotDone = STEP_IDS.filter((id) => !stepsDone.includes(id)).map((step) => ({
    step,
    why: refused.get(step) ?? session.checklist.steps[step].runs.at(-1)?.error ?? 'not run',
  }));
  return {
    dir: options.dir,
    session,
    findings: evaluation.findings,
    stepsDone,
    stepsNotDone,
    problems: [...[...executions].flatMap(([step, e]) => e.errors.map((m) => `${step}: ${m}`)), ...evaluation.problems],
  };
}
