import { blockersOf } from './prerequisites';
import { effectiveVerdict } from './machine';
import type { ChecklistState, StepStatus, VerdictLevel } from './state';
import { STEP_IDS, type StepId } from './steps';

export interface ChecklistProgress {
  total: number;
  done: number;
  skipped: number;
  failedToRun: number;
  running: number;
  pending: number;
  /** Done or skipped: the step needs no more work. */
  settled: number;
  /** settled / total, 0..1. */
  fraction: number;
  verdicts: Record<VerdictLevel, number>;
  /** First step that still needs work and can run now; null when none. */
  next: StepId | null;
  /** Steps that cannot run because of a missing prerequisite. */
  blocked: StepId[];
}

export function checklistProgress(state: ChecklistState): ChecklistProgress {
  const counts: Record<StepStatus, number> = { pending: 0, running: 0, done: 0, skipped: 0, 'failed-to-run': 0 };
  const verdicts: Record<VerdictLevel, number> = { pass: 0, warn: 0, fail: 0 };
  const blocked: StepId[] = [];
  let next: StepId | null = null;
  for (const id of STEP_IDS) {
    const step = state.steps[id];
    counts[step.status] += 1;
    const verdict = effectiveVerdict(step);
    if (verdict) verdicts[verdict.level] += 1;
    const isBlocked = blockersOf(id, state.prerequisites.results).length > 0;
    if (isBlocked && step.status !== 'done' && step.status !== 'skipped') blocked.push(id);
    if (next === null && !isBlocked && (step.status === 'pending' || step.status === 'failed-to-run')) next = id;
  }
  const settled = counts.done + counts.skipped;
  return {
    total: STEP_IDS.length,
    done: counts.done,
    skipped: counts.skipped,
    failedToRun: counts['failed-to-run'],
    running: counts.running,
    pending: counts.pending,
    settled,
    fraction: settled / STEP_IDS.length,
    verdicts,
    next,
    blocked,
  };
}
