import type { StepId } from '../checklist/steps';
import type { FactKey } from '../findings/facts';
import type { RuleId } from '../findings/rules/ids';
import type { AuditTarget } from '../model/audit';
import type { OpRequest } from '../ops/catalogue';
import type { AdaptContext, Adapted, RawOutput } from './outputs';

/** The values an auditor chooses for a run (the GUI's fields, the CLI's options). */
export interface StepOptions {
  /** Sampling window of step 3 and capture window of step 4, seconds. */
  windowS: number;
  /** Echo requests of step 6 (0.2 s apart). */
  pingCount: number;
  /** Sampling interval of step 3, milliseconds. */
  intervalMs: number;
}

/** Everything a plan is derived from: the target, the options, and values known only on the target. */
export interface PlanContext {
  target: AuditTarget;
  options: StepOptions;
  /** `uname -r` of the audited host; until known, reads under /lib/modules cannot be planned. */
  kernelRelease?: string;
  /** Absolute folder the capture goes to (the bundle's captures/); unknown before an audit exists. */
  captureDir?: string;
}

/**
 * One command of a step's plan. The same object is what the GUI shows and copies, what the
 * terminal pastes, what the runner is handed (`request`) and what the evidence records
 * (`argv`, `display`): there is no second description of a command anywhere.
 */
export interface PlannedCommand {
  /** Stable name of the command within its step ("ping", "pmtu", "addr"), used to find it again. */
  key: string;
  purpose: string;
  /** The operation the runner executes; null when the collector reads in-process (step 3's counters). */
  request: OpRequest | null;
  /** Exactly what runs: the catalogue planner's argv, or ["read", path...] for an in-process read. */
  argv: string[];
  /** The argv as an auditor types it (a helper's fixed-file read is shown as the `cat` it equals). */
  display: string;
  /** Needs root (the sudo-helper). */
  privileged: boolean;
  /** Why the command cannot run yet (a value not known before the audit starts); null when it can. */
  unavailable: string | null;
  /** Set when the command runs several times with one argument varied (the path-MTU bisection). */
  repeats: string | null;
}

/** A step of the field guide, defined once: every consumer (GUI, headless, per-step CLI, offline import) goes through it. */
export interface StepSpec {
  id: StepId;
  /** 1..6, as numbered in the source guide. */
  number: number;
  title: string;
  /** The command exactly as the source guide prints it (shown beside ours). */
  guideCommand: string;
  /** What the step establishes, in one sentence. */
  purpose: string;
  /** An audit without this step cannot be rated: its overall rating says INCOMPLETE. */
  essential: boolean;
  /** The fact sections this step's outputs become. */
  facts: readonly FactKey[];
  /** The rules whose findings speak to this step (its verdict). */
  rules: readonly RuleId[];
  plan(context: PlanContext): PlannedCommand[];
  /** This step's raw outputs → its fact sections; a section it cannot build is left out with the reason. */
  adapt(outputs: readonly RawOutput[], context: AdaptContext): Adapted;
}
