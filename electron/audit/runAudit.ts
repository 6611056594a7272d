import type { StepId } from '../../shared/checklist/steps';
import type { FindingsReport } from '../../shared/findings/types';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import type { Runner } from '../../shared/ops/runner';
import { AuditSession } from './auditSession';
import { emptyCollected } from './collected';
import { concludeStep, evaluate } from './conclude';
import { probePrerequisites } from './probePrerequisites';
import {
  collectHardening,
  collectInterfaces,
  collectLatency,
  collectLogs,
  collectModules,
  collectThroughput,
  finishCapture,
  startCapture,
} from './steps';

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
}

export interface AuditOutcome {
  dir: string;
  session: AuditSession;
  findings: FindingsReport;
  problems: string[];
}

/**
 * The six steps without the GUI (a gateway reached over SSH): everything a GUI audit records,
 * in the same bundle layout. Capture, throughput and the latency pings run at the same time,
 * so the capture sees the echo traffic it is then able to account for.
 */
export async function runAudit(options: AuditOptions): Promise<AuditOutcome> {
  const say = options.onProgress ?? (() => {});
  const session = AuditSession.create(options.dir, options.identity, options.target, options.runner);
  const c = emptyCollected();
  const evidence: Partial<Record<StepId, string[]>> = {};

  session.event({ type: 'prerequisites-probed', at: session.at(), results: probePrerequisites(process.getuid?.() === 0, options.target.iface) });
  /** Starts a step's run; a step the checklist refuses (blocked by a missing tool) is noted, not run. */
  const begin = (id: StepId, extra = {}): boolean => {
    try {
      session.startRun(id, extra);
      return true;
    } catch (error) {
      c.problems.push({ step: id, message: (error as Error).message });
      return false;
    }
  };
  const step = async (id: StepId, work: () => Promise<string[]>, extra = {}) => {
    if (!begin(id, extra)) return;
    say(`step ${id}…`);
    try {
      evidence[id] = await work();
    } catch (error) {
      c.problems.push({ step: id, message: (error as Error).message });
      evidence[id] = [];
    }
  };

  await step('identify-interfaces', () => collectInterfaces(session, c));
  await step('kernel-modules', () => collectModules(session, c));

  say('step capture, throughput and latency (concurrently)…');
  const capturing = begin('capture');
  const capture = capturing ? await startCapture(session, c, options.durationS + 30) : null;
  const sampling = begin('throughput');
  const pinging = begin('latency', { pingCount: options.pingCount });
  const [throughputFiles, latencyFiles] = await Promise.all([
    sampling
      ? collectThroughput(session, c, {
          seconds: options.durationS,
          intervalMs: options.intervalMs ?? 500,
          linkSpeedMbps: options.linkSpeedMbps ?? null,
        }).catch((e: Error) => (c.problems.push({ step: 'throughput', message: e.message }), [] as string[]))
      : [],
    pinging
      ? collectLatency(session, c, options.pingCount).catch(
          (e: Error) => (c.problems.push({ step: 'latency', message: e.message }), [] as string[]),
        )
      : [],
  ]);
  if (sampling) evidence.throughput = throughputFiles;
  if (pinging) evidence.latency = latencyFiles;
  if (capture) evidence.capture = [capture.file, ...(await finishCapture(session, c, capture.captureId))];

  await step('logs', () => collectLogs(session, c));
  say('hardening reads…');
  await collectHardening(session, c).catch((e: Error) => c.problems.push({ step: 'hardening', message: e.message }));

  const evaluated = evaluate(session, c);
  for (const id of Object.keys(evidence) as StepId[]) concludeStep(session, c, id, evidence[id] ?? [], evaluated);
  session.bundle.close();
  return {
    dir: options.dir,
    session,
    findings: evaluated.findings,
    problems: [...c.problems.map((p) => `${p.step}: ${p.message}`), ...evaluated.problems],
  };
}
