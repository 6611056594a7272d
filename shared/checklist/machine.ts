import { auditTargetSchema } from '../model/audit';
import type { ChecklistEvent } from './events';
import { blockersOf } from './prerequisites';
import { cancelledVerdict } from './cancel';
import {
  CHECKLIST_FORMAT,
  checklistStateSchema,
  verdictSchema,
  type ChecklistState,
  type StepRun,
  type StepState,
  type Verdict,
} from './state';
import { stepSpec } from '../steps/index';
import { STEP_IDS, type StepId } from './steps';

export interface Transition {
  state: ChecklistState;
  /** Why the event was refused; the state is then returned unchanged. */
  rejected: string | null;
}

const MAX_NOTE_CHARS = 20_000;
const MAX_REASON_CHARS = 2_000;

function emptyStep(id: StepId): StepState {
  return { id, status: 'pending', runs: [], skip: null, verdictOverride: null, notes: [] };
}

export function initialChecklist(target: ChecklistState['target'] = null): ChecklistState {
  return {
    format: CHECKLIST_FORMAT,
    target,
    prerequisites: { probedAt: null, results: {}, gateway: null },
    steps: {
      'identify-interfaces': emptyStep('identify-interfaces'),
      'kernel-modules': emptyStep('kernel-modules'),
      throughput: emptyStep('throughput'),
      capture: emptyStep('capture'),
      logs: emptyStep('logs'),
      latency: emptyStep('latency'),
    },
    nextNoteId: 1,
  };
}

function reject(state: ChecklistState, reason: string): Transition {
  return { state, rejected: reason };
}

function withStep(state: ChecklistState, step: StepState): ChecklistState {
  return { ...state, steps: { ...state.steps, [step.id]: step } };
}

function lastRun(step: StepState): StepRun | undefined {
  return step.runs[step.runs.length - 1];
}

function replaceLastRun(step: StepState, run: StepRun): StepRun[] {
  return [...step.runs.slice(0, -1), run];
}

function anyRunning(state: ChecklistState): StepId | null {
  return STEP_IDS.find((id) => state.steps[id].status === 'running') ?? null;
}

function checkVerdict(verdict: Verdict): string | null {
  const parsed = verdictSchema.safeParse(verdict);
  return parsed.success ? null : 'a verdict needs a level (pass/warn/fail) and a reason of 1-2000 characters';
}

/**
 * The checklist reducer: an event in, a new state out, never a mutation and never I/O.
 * Refused events say why and leave the state as it was, so the GUI can show the reason.
 */
export function applyEvent(state: ChecklistState, event: ChecklistEvent): Transition {
  switch (event.type) {
    case 'target-set': {
      const parsed = auditTargetSchema.safeParse(event.target);
      if (!parsed.success) return reject(state, `invalid target: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const running = anyRunning(state);
      if (running) return reject(state, `cannot change the target while step "${stepSpec(running).title}" is running`);
      return { state: { ...state, target: parsed.data }, rejected: null };
    }
    case 'prerequisites-probed':
      return {
        state: { ...state, prerequisites: { probedAt: event.at, results: { ...event.results }, gateway: event.gateway ?? null } },
        rejected: null,
      };
    case 'run-started': {
      const step = state.steps[event.step];
      if (!state.target) return reject(state, 'set the audit target (tunnel interface, carrier, remote IP) first');
      if (step.status === 'running') return reject(state, `step "${stepSpec(event.step).title}" is already running`);
      const blockers = blockersOf(event.step, state.prerequisites.results, state.prerequisites.gateway);
      if (blockers.length > 0) {
        return reject(
          state,
          `step "${stepSpec(event.step).title}" is blocked: ${blockers.map((b) => `${b.title} missing (${b.installHint})`).join('; ')}`,
        );
      }
      const run: StepRun = {
        runId: step.runs.length + 1,
        startedAt: event.at,
        endedAt: null,
        outcome: 'running',
        commands: [...(event.commands ?? [])],
        target: state.target,
        verdict: null,
        error: null,
        evidence: [],
      };
      // Running a skipped step means the auditor changed their mind: the skip is lifted.
      return { state: withStep(state, { ...step, status: 'running', skip: null, runs: [...step.runs, run] }), rejected: null };
    }
    case 'run-finished':
    case 'run-failed': {
      const step = state.steps[event.step];
      const run = lastRun(step);
      if (step.status !== 'running' || !run || run.outcome !== 'running') {
        return reject(state, `step "${stepSpec(event.step).title}" is not running`);
      }
      if (run.runId !== event.runId) return reject(state, `run ${event.runId} is not the current run (${run.runId})`);
      const evidence = [...run.evidence, ...(event.evidence ?? [])];
      const cancelled = event.cancelled ? { cancelled: true } : {};
      if (event.type === 'run-finished') {
        const problem = checkVerdict(event.verdict);
        if (problem) return reject(state, problem);
        // A cancelled run is partial: its verdict never says more than what it gathered.
        const verdict = event.cancelled ? cancelledVerdict(event.verdict) : { ...event.verdict };
        const finished: StepRun = { ...run, endedAt: event.at, outcome: 'done', verdict, evidence, ...cancelled };
        return { state: withStep(state, { ...step, status: 'done', runs: replaceLastRun(step, finished) }), rejected: null };
      }
      const error = event.error.trim().slice(0, MAX_REASON_CHARS) || 'failed to run (no reason given)';
      const failed: StepRun = { ...run, endedAt: event.at, outcome: 'failed-to-run', error, evidence, ...cancelled };
      return { state: withStep(state, { ...step, status: 'failed-to-run', runs: replaceLastRun(step, failed) }), rejected: null };
    }
    case 'skipped': {
      const step = state.steps[event.step];
      const reason = event.reason.trim();
      if (reason === '') return reject(state, 'skipping a step needs a reason');
      if (reason.length > MAX_REASON_CHARS) return reject(state, `a skip reason is at most ${MAX_REASON_CHARS} characters`);
      if (step.status === 'running') return reject(state, 'cannot skip a running step');
      return { state: withStep(state, { ...step, status: 'skipped', skip: { at: event.at, reason } }), rejected: null };
    }
    case 'unskipped': {
      const step = state.steps[event.step];
      if (step.status !== 'skipped') return reject(state, 'the step is not skipped');
      return { state: withStep(state, { ...step, status: statusFromRuns(step.runs), skip: null }), rejected: null };
    }
    case 'note-added': {
      const step = state.steps[event.step];
      const text = event.text.trim();
      if (text === '') return reject(state, 'a note cannot be empty');
      if (text.length > MAX_NOTE_CHARS) return reject(state, `a note is at most ${MAX_NOTE_CHARS} characters`);
      const note = { id: state.nextNoteId, at: event.at, text };
      return {
        state: { ...withStep(state, { ...step, notes: [...step.notes, note] }), nextNoteId: state.nextNoteId + 1 },
        rejected: null,
      };
    }
    case 'verdict-overridden': {
      const step = state.steps[event.step];
      const problem = checkVerdict(event.verdict);
      if (problem) return reject(state, problem);
      if (step.status !== 'done') return reject(state, 'only a step that ran to the end can have its verdict overridden');
      return {
        state: withStep(state, { ...step, verdictOverride: { ...event.verdict, at: event.at } }),
        rejected: null,
      };
    }
    case 'verdict-override-cleared': {
      const step = state.steps[event.step];
      if (!step.verdictOverride) return reject(state, 'the step has no overridden verdict');
      return { state: withStep(state, { ...step, verdictOverride: null }), rejected: null };
    }
  }
}

function statusFromRuns(runs: StepRun[]): StepState['status'] {
  const last = runs[runs.length - 1];
  if (!last) return 'pending';
  if (last.outcome === 'running') return 'running';
  return last.outcome;
}

/** Reducer form, for stores that ignore refusals. */
export function reduceChecklist(state: ChecklistState, event: ChecklistEvent): ChecklistState {
  return applyEvent(state, event).state;
}

/** The verdict that counts: the auditor's override, else the last completed run's. */
export function effectiveVerdict(step: StepState): (Verdict & { source: 'auditor' | 'run' }) | null {
  if (step.verdictOverride) {
    return { level: step.verdictOverride.level, reason: step.verdictOverride.reason, source: 'auditor' };
  }
  if (step.status !== 'done') return null;
  const run = lastRun(step);
  return run?.verdict ? { ...run.verdict, source: 'run' } : null;
}

export function serializeChecklist(state: ChecklistState): string {
  return JSON.stringify(state, null, 2);
}

export type ParsedChecklist = { ok: true; state: ChecklistState } | { ok: false; error: string };

/** Reads a saved checklist (untrusted: it comes from disk), refusing anything malformed. */
export function parseChecklist(json: string): ParsedChecklist {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `checklist is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = checklistStateSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, error: `checklist does not match ${CHECKLIST_FORMAT}: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}` };
  }
  return { ok: true, state: parsed.data };
}
