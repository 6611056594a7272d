import type { StepId } from '../../shared/checklist/steps';
import { evaluateFindings } from '../../shared/findings/engine';
import type { AuditFacts } from '../../shared/findings/facts';
import type { FindingsReport } from '../../shared/findings/types';
import { stepVerdict } from '../../shared/verdicts/stepVerdicts';
import type { AuditSession } from './auditSession';
import type { Collected } from './collected';
import { factsFromCollected } from './facts';

const BASIS: Record<StepId, (c: Collected) => string> = {
  'identify-interfaces': (c) => (c.ipAddr ? 'Interface list read with ip -j -d addr show.' : 'ip -j -d addr show did not run.'),
  'kernel-modules': (c) => (c.modules ? 'Loaded and built-in modules read.' : '/proc/modules could not be read.'),
  throughput: (c) => (c.throughput ? `${c.throughput.samples.length} samples of the tunnel counters.` : 'No samples.'),
  capture: (c) => (c.capture ? `${c.capture.report.packets} packets captured on the carrier and decoded.` : 'No capture.'),
  logs: (c) => (c.logs.length > 0 ? `${c.logs.length} log sources read.` : 'No pptpd/pppd log found.'),
  latency: (c) => (c.ping ? 'ping -i 0.2 -s 1400 across the tunnel and a DF path-MTU probe.' : 'ping did not run.'),
};

/** The output without which a step has nothing to judge. */
function essential(c: Collected, id: StepId): unknown {
  switch (id) {
    case 'identify-interfaces':
      return c.ipAddr;
    case 'kernel-modules':
      return c.modules;
    case 'throughput':
      return c.throughput;
    case 'capture':
      return c.capture;
    case 'logs':
      return c.logs.length > 0 ? c.logs : undefined;
    case 'latency':
      return c.ping;
  }
}

/** Facts and findings from everything gathered so far, kept in the bundle. */
export function evaluate(session: AuditSession, c: Collected): { facts: AuditFacts; findings: FindingsReport; problems: string[] } {
  const { facts, problems } = factsFromCollected(c, session.target);
  const findings = evaluateFindings(facts);
  session.bundle.writeFacts(facts);
  session.bundle.writeFindings(findings);
  return { facts, findings, problems };
}

/**
 * Ends the open run of a step: failed-to-run when its essential output is missing and a
 * problem explains why, else finished with the verdict the findings give.
 */
export function concludeStep(
  session: AuditSession,
  c: Collected,
  id: StepId,
  files: string[],
  evaluated: { facts: AuditFacts; findings: FindingsReport },
): void {
  const runId = session.checklist.steps[id].runs.at(-1)?.runId;
  if (runId === undefined || session.checklist.steps[id].status !== 'running') return;
  const failures = c.problems.filter((p) => p.step === id).map((p) => p.message);
  const evidence = [...new Set(files)];
  if (!essential(c, id) && failures.length > 0) {
    session.event({ type: 'run-failed', step: id, runId, at: session.at(), error: failures.join('; ').slice(0, 2000), evidence });
    return;
  }
  const basis = [BASIS[id](c), ...failures.map((f) => `Problem: ${f}`)].join(' ');
  session.event({
    type: 'run-finished',
    step: id,
    runId,
    at: session.at(),
    verdict: stepVerdict(id, evaluated.facts, evaluated.findings, basis),
    evidence,
  });
}
