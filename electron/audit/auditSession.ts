import type { ChecklistEvent } from '../../shared/checklist/events';
import { applyEvent, initialChecklist } from '../../shared/checklist/machine';
import type { ChecklistState } from '../../shared/checklist/state';
import type { StepId } from '../../shared/checklist/steps';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import type { CommandRecord } from '../../shared/model/evidence';
import type { OpLine, OpRequest, OpResult } from '../../shared/ops/catalogue';
import type { Runner } from '../../shared/ops/runner';
import { EvidenceBundle, type BundleOptions } from '../evidence';

/** The checklist refused an event (a blocked step, a step already running): shown as is. */
export class ChecklistRefusal extends Error {}

/** A raw output kept as evidence: its text and the bundle-relative file that holds it. */
export interface KeptOutput {
  file: string;
  text: string;
  result: OpResult;
}

/**
 * One audit in progress: the evidence bundle, the checklist state machine and the runner of
 * operations (direct when root, the sudo-helper otherwise). Every operation run through it is
 * recorded in the bundle before its result is used, so nothing is concluded from output that
 * was not kept.
 */
export class AuditSession {
  checklist: ChecklistState;

  private constructor(
    readonly bundle: EvidenceBundle,
    readonly identity: AuditIdentity,
    readonly target: AuditTarget,
    readonly runner: Runner,
    private readonly now: () => Date,
  ) {
    this.checklist = initialChecklist(target);
  }

  static create(
    dir: string,
    identity: AuditIdentity,
    target: AuditTarget,
    runner: Runner,
    options: BundleOptions = {},
  ): AuditSession {
    const bundle = EvidenceBundle.create(dir, { identity, target }, options);
    const session = new AuditSession(bundle, identity, target, runner, options.now ?? (() => new Date()));
    session.event({ type: 'target-set', target });
    return session;
  }

  at(): string {
    return this.now().toISOString();
  }

  /** Applies a checklist event; a refused one throws with the state machine's reason. */
  event(event: ChecklistEvent): void {
    const { state, rejected } = applyEvent(this.checklist, event);
    if (rejected) throw new ChecklistRefusal(rejected);
    this.checklist = state;
    this.bundle.recordChecklist(event, this.checklist);
  }

  /** The runId the state machine gave the run just started for `step`. */
  startRun(step: StepId, extra: Partial<Extract<ChecklistEvent, { type: 'run-started' }>> = {}): number {
    this.event({ type: 'run-started', step, at: this.at(), ...extra });
    return this.checklist.steps[step].runs.at(-1)!.runId;
  }

  /** Runs one catalogue operation and keeps its output in the bundle. */
  async run(step: StepId | 'hardening', request: OpRequest, onLine?: (line: OpLine) => void): Promise<KeptOutput> {
    // The start is on disk before the operation runs: a crash mid-command still shows it.
    const seq = this.bundle.beginCommand({ op: request.op, argv: [request.op, JSON.stringify(request)], step });
    const result = await this.runner.run(request, onLine ? { onLine } : {});
    // A capture's hash is the pcap's (kept under captures/), not that of its empty stdout.
    const outcome = result.files?.length ? { ...result, outputSha256: undefined } : result;
    const record: CommandRecord = this.bundle.endCommand(seq, outcome, step);
    return { file: record.stdoutFile ?? record.stderrFile ?? 'commands.jsonl', text: result.stdout, result };
  }

  /** The runner as the collectors take it, recording every call into the bundle. */
  runOp(step: StepId | 'hardening') {
    return async (request: OpRequest, onLine?: (line: OpLine) => void): Promise<OpResult> =>
      (await this.run(step, request, onLine)).result;
  }
}
