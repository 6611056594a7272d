import { STEP_IDS, type StepId } from '../../shared/checklist/steps';
import { evaluateFindings } from '../../shared/findings/engine';
import type { AuditFacts } from '../../shared/findings/facts';
import type { FindingsReport } from '../../shared/findings/types';
import { STEP_SPECS } from '../../shared/steps/index';
import { factsFromOutputs } from '../../shared/steps/facts';
import type { AdaptContext, RawOutput } from '../../shared/steps/outputs';
import { stepVerdict } from '../../shared/steps/verdict';
import type { AuditSession } from './auditSession';
import type { StepExecution } from './stepRunner';

export interface Evaluation {
  facts: AuditFacts;
  findings: FindingsReport;
  /** Outputs an adapter could not read, one line each. */
  problems: string[];
}

/** Facts and findings from every output gathered so far, written to the bundle. */
export function evaluate(session: AuditSession, outputs: readonly RawOutput[], context: AdaptContext, carried: AuditFacts = {}): Evaluation {
  const computed = factsFromOutputs(outputs, context);
  const { problems } = computed;
  // A resumed audit has no raw outputs of the steps run before the restart in memory: their
  // facts (as last written to the bundle) stand until the step is run again.
  const facts: AuditFacts = { ...carriedFacts(carried, outputs), ...computed.facts };
  const findings = evaluateFindings(facts);
  session.bundle.writeFacts(facts);
  session.bundle.writeFindings(findings);
  return { facts, findings, problems };
}

function carriedFacts(carried: AuditFacts, outputs: readonly RawOutput[]): AuditFacts {
  const rerun = new Set(outputs.map((o) => o.step));
  const out: Record<string, unknown> = {};
  for (const id of STEP_IDS) {
    if (rerun.has(id)) continue;
    for (const key of STEP_SPECS[id].facts) if (carried[key] !== undefined) out[key] = carried[key];
  }
  return out as AuditFacts;
}

/** What a run gathered, in one sentence, so a verdict never reads stronger than its basis. */
function basisOf(step: StepId, execution: StepExecution): string {
  const read = execution.outputs.length;
  const failed = execution.errors.length;
  const parts = [`${read} output(s) read`];
  if (step === 'throughput') {
    const samples = execution.outputs.find((o) => o.key === 'samples')?.decoded?.samples?.length ?? 0;
    parts[0] = `${samples} samples of the tunnel counters`;
  }
  if (step === 'capture') {
    const wire = execution.outputs.find((o) => o.key === 'capture')?.decoded?.wire;
    parts[0] = wire ? `${wire.control.connections} control connection(s), ${wire.gre.toServer + wire.gre.toClient} GRE packets decoded` : 'no capture decoded';
  }
  if (failed > 0) parts.push(`${failed} not available (${execution.errors.slice(0, 3).join('; ')}${failed > 3 ? '; …' : ''})`);
  return `${parts.join('; ')}.`;
}

/**
 * Ends the open run of a step: failed-to-run when its outputs gave none of the step's facts
 * (with what went wrong), else finished with the verdict of its rules.
 */
export function concludeStep(session: AuditSession, step: StepId, execution: StepExecution, evaluation: Evaluation, cancelled = false): void {
  const runId = session.checklist.steps[step].runs.at(-1)?.runId;
  if (runId === undefined || session.checklist.steps[step].status !== 'running') return;
  const evidence = [...new Set(execution.files)];
  const hasFacts = STEP_SPECS[step].facts.some((key) => evaluation.facts[key] !== undefined);
  const mine = new Set(execution.outputs.map((o) => o.file));
  const unreadable = evaluation.problems.filter((p) => [...mine].some((f) => p.startsWith(`${f}:`)));
  if (!hasFacts) {
    const why = [...execution.errors, ...unreadable];
    session.event({
      type: 'run-failed',
      step,
      runId,
      at: session.at(),
      error: `${cancelled ? 'cancelled by the auditor before the step gathered anything it could judge; ' : ''}${why.length > 0 ? why.join('; ') : 'the step produced no output the audit could read'}`.slice(0, 2000),
      evidence,
      ...(cancelled ? { cancelled } : {}),
    });
    return;
  }
  const basis = [basisOf(step, execution), ...unreadable.map((p) => `Unreadable: ${p}`)].join(' ');
  // A cancelled run's verdict is capped by the checklist (a partial run never passes).
  session.event({ type: 'run-finished', step, runId, at: session.at(), verdict: stepVerdict(step, evaluation.facts, evaluation.findings, basis), evidence, ...(cancelled ? { cancelled } : {}) });
}
