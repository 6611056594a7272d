import type { Verdict } from './state';

/** Said at the head of every cancelled run's verdict, so nobody reads it as a full run. */
export const CANCELLED_PREFIX = 'Cancelled by the auditor: partial evidence.';

/**
 * The verdict of a run the auditor cancelled. What it gathered is judged by the same rules,
 * but a partial window cannot show that all is well: a pass becomes a warning. A warning or a
 * failure stands, since the partial evidence already shows the problem.
 */
export function cancelledVerdict(verdict: Verdict): Verdict {
  const reason = verdict.reason.startsWith(CANCELLED_PREFIX) ? verdict.reason : `${CANCELLED_PREFIX} ${verdict.reason}`;
  const level = verdict.level === 'pass' ? 'warn' : verdict.level;
  const why = verdict.level === 'pass' ? ' A pass needs the whole planned run: re-run the step.' : '';
  return { level, reason: `${reason}${why}`.slice(0, 2000) };
}
