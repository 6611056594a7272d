import type { StepId } from '../../shared/checklist/steps';
import { evaluateFindings } from '../../shared/findings/engine';
import type { FindingsReport } from '../../shared/findings/types';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import type { Runner } from '../../shared/ops/runner';
import { stepVerdict } from '../../shared/verdicts/stepVerdicts';
import { AuditSession } from './auditSession';
import { emptyCollected, type Collected } from './collected';
import { factsFromCollected } from './facts';
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

const BASIS: Record<StepId, (c: Collected) => string> = {
  'identify-interfaces': (c) => (c.ipAddr ? 'Interface list read with ip -j -d addr show.' : 'ip -j -d addr show did not run.'),
  'kernel-modules': (c) => (c.modules ? 'Loaded and built-in modules read.' : '/proc/modules could not be read.'),
  throughput: (c) => (c.throughput ? `${c.throughput.samples.length} samples of the tunnel counters.` : 'No samples.'),
  capture: (c) => (c.capture ? `${c.capture.report.packets} packets captured on the carrier and decoded.` : 'No capture.'),
  logs: (c) => (c.logs.length > 0 ? `${c.logs.length} log sources read.` : 'No pptpd/pppd log found.'),
  latency: (c) => (c.ping ? 'ping -i 0.2 -s 1400 across the tunnel and a DF path-MTU probe.' : 'ping did not run.'),
};

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

  const step = async (id: StepId, work: () => Promise<string[]>, extra = {}) => {
    session.startRun(id, extra);
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

  session.startRun('capture');
  say('step capture, throughput and latency (concurrently)…');
  const capture = await startCapture(session, c, options.durationS + 30);
  session.startRun('throughput');
  session.startRun('latency', { pingCount: options.pingCount });
  const [throughputFiles, latencyFiles] = await Promise.all([
    collectThroughput(session, c, {
      seconds: options.durationS,
      intervalMs: options.intervalMs ?? 500,
      linkSpeedMbps: options.linkSpeedMbps ?? null,
    }).catch((e: Error) => (c.problems.push({ step: 'throughput', message: e.message }), [] as string[])),
    collectLatency(session, c, options.pingCount).catch(
      (e: Error) => (c.problems.push({ step: 'latency', message: e.message }), [] as string[]),
    ),
  ]);
  evidence.throughput = throughputFiles;
  evidence.latency = latencyFiles;
  evidence.capture = [capture.file, ...(await finishCapture(session, c, capture.captureId))];

  await step('logs', () => collectLogs(session, c));
  say('hardening reads…');
  const hardeningFiles = await collectHardening(session, c).catch(
    (e: Error) => (c.problems.push({ step: 'hardening', message: e.message }), [] as string[]),
  );
  void hardeningFiles;

  const { facts, problems } = factsFromCollected(c, options.target);
  const findings = evaluateFindings(facts);
  session.bundle.writeFacts(facts);
  session.bundle.writeFindings(findings);

  for (const id of Object.keys(evidence) as StepId[]) {
    const runId = session.checklist.steps[id].runs.at(-1)?.runId;
    if (runId === undefined) continue;
    const failures = c.problems.filter((p) => p.step === id).map((p) => p.message);
    const files = [...new Set(evidence[id] ?? [])];
    const essential = {
      'identify-interfaces': c.ipAddr,
      'kernel-modules': c.modules,
      throughput: c.throughput,
      capture: c.capture,
      logs: c.logs.length > 0 ? c.logs : undefined,
      latency: c.ping,
    }[id];
    if (!essential && failures.length > 0) {
      session.event({ type: 'run-failed', step: id, runId, at: session.at(), error: failures.join('; ').slice(0, 2000), evidence: files });
      continue;
    }
    const basis = [BASIS[id](c), ...failures.map((f) => `Problem: ${f}`)].join(' ');
    session.event({ type: 'run-finished', step: id, runId, at: session.at(), verdict: stepVerdict(id, facts, findings, basis), evidence: files });
  }
  session.bundle.close();
  return {
    dir: options.dir,
    session,
    findings,
    problems: [...c.problems.map((p) => `${p.step}: ${p.message}`), ...problems],
  };
}
