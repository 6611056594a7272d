import os from 'node:os';
import path from 'node:path';
import type { ChecklistEvent } from '../../shared/checklist/events';
import { applyEvent, initialChecklist } from '../../shared/checklist/machine';
import type { ChecklistState } from '../../shared/checklist/state';
import type { StepId } from '../../shared/checklist/steps';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import type { CommandRecord } from '../../shared/model/evidence';
import type { OpLine, OpResult } from '../../shared/ops/catalogue';
import type { ThroughputSample } from '../../shared/model/throughput';
import type { CancelToken, Runner } from '../../shared/ops/runner';
import type { PlanContext, PlannedCommand, StepOptions } from '../../shared/steps/index';
import { EvidenceBundle, readBundle, resumeBundle, type BundleOptions } from '../evidence';
import type { AuditFacts } from '../../shared/findings/facts';
import type { StepRecorder } from './stepRunner';

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
 * recorded in the bundle, with the argv its plan announced, before its result is used: nothing
 * is concluded from output that was not kept.
 */
export class AuditSession implements StepRecorder {
  checklist: ChecklistState;
  /** `uname -r` of the audited host: the runner's (a gateway's), else this machine's. */
  readonly kernelRelease: string;

  private constructor(
    readonly bundle: EvidenceBundle,
    readonly identity: AuditIdentity,
    readonly target: AuditTarget,
    readonly runner: Runner,
    private readonly now: () => Date,
  ) {
    this.checklist = initialChecklist(target);
    this.kernelRelease = runner.kernelRelease ?? os.release();
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

  /**
   * Reopens an open audit from its bundle (the app was restarted, or crashed): the bundle is
   * recovered (custody says so), the checklist read back, and a step that was running when the
   * app stopped is recorded as failed to run, its partial evidence kept. Returns the facts
   * gathered before, which the resumed audit carries for the steps it does not run again.
   */
  static resume(dir: string, runner: Runner, options: BundleOptions = {}): { session: AuditSession; carried: AuditFacts } {
    const { bundle } = resumeBundle(dir, options);
    const contents = readBundle(dir);
    if (!contents.audit?.target) {
      bundle.detach();
      throw new Error(`${dir} has no audit target in audit.json: it cannot be continued`);
    }
    const session = new AuditSession(bundle, contents.audit.identity, contents.audit.target, runner, options.now ?? (() => new Date()));
    if (contents.checklist) session.checklist = contents.checklist;
    for (const step of Object.values(session.checklist.steps)) {
      const run = step.runs.at(-1);
      if (step.status !== 'running' || !run) continue;
      session.event({ type: 'run-failed', step: step.id, runId: run.runId, at: session.at(), error: 'interrupted: the app stopped while this step ran; what it gathered is kept in the bundle' });
    }
    return { session, carried: (contents.facts ?? {}) as AuditFacts };
  }

  at(): string {
    return this.now().toISOString();
  }

  /** What this audit's step plans are derived from, for the options of a run. */
  planContext(options: StepOptions): PlanContext {
    return { target: this.target, options, kernelRelease: this.kernelRelease, captureDir: path.resolve(this.bundle.dir, 'captures') };
  }

  /** Applies a checklist event; a refused one throws with the state machine's reason. */
  event(event: ChecklistEvent): void {
    const { state, rejected } = applyEvent(this.checklist, event);
    if (rejected) throw new ChecklistRefusal(rejected);
    this.checklist = state;
    this.bundle.recordChecklist(event, this.checklist);
  }

  /** Starts a run of `step` with the commands its plan shows; returns the state machine's runId. */
  startRun(step: StepId, commands: readonly PlannedCommand[]): number {
    this.event({ type: 'run-started', step, at: this.at(), commands: commands.map((c) => c.display) });
    return this.checklist.steps[step].runs.at(-1)!.runId;
  }

  /**
   * Runs one planned command and keeps its output. The start record carries the planned argv,
   * so even a command that never ends (a crash) is on disk as what was announced.
   */
  async run(step: StepId, command: PlannedCommand, onLine?: (line: OpLine) => void, cancel?: CancelToken): Promise<KeptOutput> {
    if (!command.request) throw new Error(`${command.display}: ${command.unavailable ?? 'not an operation of the runner'}`);
    const seq = this.bundle.beginCommand({ op: command.request.op, argv: command.argv, step });
    const result = await this.runner.run(command.request, { ...(onLine ? { onLine } : {}), ...(cancel ? { cancel } : {}) });
    // A capture's hash is the pcap's (kept under captures/), not that of its empty stdout.
    const outcome = result.files?.length ? { ...result, outputSha256: undefined } : result;
    const record: CommandRecord = this.bundle.endCommand(seq, outcome, step);
    return { file: record.stdoutFile ?? record.stderrFile ?? 'commands.jsonl', text: result.stdout, result };
  }

  recordRead(step: StepId, command: PlannedCommand, read: { startedAt: string; stdout: string; error?: string }): string {
    const record = this.bundle.recordCommand(
      {
        op: command.key === 'samples' ? 'throughput.sample' : 'sysfs.read',
        argv: command.argv,
        startedAt: read.startedAt,
        endedAt: this.at(),
        exitCode: read.error ? 1 : 0,
        stdout: read.stdout,
        stderr: '',
        ...(read.error ? { error: read.error } : {}),
      },
      step,
    );
    return record.stdoutFile ?? 'commands.jsonl';
  }

  appendSamples(samples: ThroughputSample[]): void {
    this.bundle.appendSamples(samples);
  }

  addOutput(name: string, text: string): string {
    return this.bundle.addOutput(name, text);
  }

  fileOf(absolutePath: string): string {
    return path.relative(this.bundle.dir, absolutePath).split(path.sep).join('/');
  }
}
