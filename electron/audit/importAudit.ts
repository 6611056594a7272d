import path from 'node:path';
import { STEP_IDS, type StepId } from '../../shared/checklist/steps';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import type { OpRequest, OpResult } from '../../shared/ops/catalogue';
import type { Runner } from '../../shared/ops/runner';
import type { RawOutput } from '../../shared/steps/outputs';
import { suppliedOutputs } from '../import/suppliedFiles';
import { AuditSession } from './auditSession';
import { concludeStep, evaluate } from './conclude';
import type { AuditOutcome } from './runAudit';
import type { StepExecution } from './stepRunner';
import { attachLongTermBaseline, type LongTermBaselineFile } from '../fleet/prometheus/baselineEvidence';

/** An offline audit runs nothing: a request reaching it is a programming error, answered as one. */
class NothingRuns implements Runner {
  readonly kind = 'direct' as const;
  async run(request: OpRequest): Promise<OpResult> {
    const at = new Date().toISOString();
    return { op: request.op, argv: [], startedAt: at, endedAt: at, exitCode: null, signal: null, stdout: '', stderr: '', outputSha256: '', truncated: false, error: 'offline audit: nothing is run' };
  }
  async setAuditLog(): Promise<void> {}
  async close(): Promise<void> {}
}

export interface ImportOptions {
  dir: string;
  identity: AuditIdentity;
  target: AuditTarget;
  /** The files a site engineer sent. */
  files: string[];
  linkSpeedMbps?: number | null;
  role?: { isGateway: boolean; basis: string };
  /** A long-term baseline from Prometheus (`baseline --out`), kept as evidence of this audit. */
  longTermBaseline?: LongTermBaselineFile;
}

export interface ImportOutcome extends AuditOutcome {
  /** Files refused, one line each (what they look like, why they cannot be used). */
  refused: string[];
}

/**
 * The audit of a site from files its engineer sent (an auditor on Windows or macOS, an
 * air-gapped site): each file recognised by content, copied into the bundle, and read by the
 * same step adapters and findings engine as a live audit. The checklist and the custody log
 * say the evidence was supplied, not collected: no command is claimed to have run.
 */
export async function importAudit(options: ImportOptions): Promise<ImportOutcome> {
  // The audited host is not this workstation: the cover must not name the auditor's laptop.
  const host = { hostname: 'not this workstation (evidence supplied as files)', kernel: 'unknown', os: 'unknown', osRelease: {}, machineId: null };
  const session = AuditSession.create(options.dir, options.identity, options.target, new NothingRuns(), { host });
  session.bundle.custody('supplied', `offline audit: evidence supplied as ${options.files.length} file(s), not collected by the auditor`);
  // Each file is read and recognised once; only what is recognised enters the bundle, and is
  // then cited by its name there. The pcap is decoded once, from the file that is kept.
  const classified = suppliedOutputs(options.files.map((f) => ({ path: f, cite: f })));
  const cites = new Map<string, string>();
  const copyOf = (original: string, output: RawOutput): string => {
    const known = cites.get(original);
    if (known) return known;
    const name = `supplied-${path.basename(original)}`;
    const rel = output.step === 'capture' ? session.bundle.addCapture(original, { name }) : session.bundle.addOutput(name, output.text);
    cites.set(original, rel);
    return rel;
  };
  const outputs: RawOutput[] = classified.outputs.map((o) => {
    const rel = copyOf(o.file, o);
    const wire = o.decoded?.wire;
    return { ...o, file: rel, hostPath: rel, ...(wire ? { decoded: { wire: { ...wire, source: rel } } } : {}) };
  });
  const kept = { outputs, inputs: classified.inputs.map((i) => ({ ...i, file: cites.get(i.file) ?? i.file })) };
  session.bundle.addOutput(
    'supplied.json',
    `${JSON.stringify({ accepted: kept.inputs, refused: classified.refused }, null, 2)}\n`,
  );

  const executions = new Map<StepId, StepExecution>();
  for (const step of STEP_IDS) {
    const outputs = kept.outputs.filter((o) => o.step === step);
    if (outputs.length === 0) continue;
    const inputs = kept.inputs.filter((i) => i.step === step);
    session.event({ type: 'run-started', step, at: session.at(), commands: inputs.map((i) => `# supplied: ${i.file} (${i.kind})`) });
    executions.set(step, { outputs, files: inputs.map((i) => i.file), errors: [] });
  }
  const evaluation = evaluate(session, kept.outputs, { target: options.target, linkSpeedMbps: options.linkSpeedMbps ?? null, ...(options.role ? { role: options.role } : {}) });
  for (const [step, execution] of executions) concludeStep(session, step, execution, evaluation);
  if (options.longTermBaseline) attachLongTermBaseline(session.bundle, options.longTermBaseline);
  session.bundle.close();
  const stepsDone = STEP_IDS.filter((id) => session.checklist.steps[id].status === 'done');
  return {
    dir: options.dir,
    session,
    findings: evaluation.findings,
    stepsDone,
    stepsNotDone: STEP_IDS.filter((id) => !stepsDone.includes(id)).map((step) => ({
      step,
      why: session.checklist.steps[step].runs.at(-1)?.error ?? 'no file supplied for this step',
    })),
    problems: evaluation.problems,
    refused: classified.refused,
  };
}
