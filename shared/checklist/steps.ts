/**
 * The six steps of the source guide, in the guide's order: the ids the checklist state machine
 * tracks. What a step is (title, plan of commands, facts, rules) is defined once in
 * shared/steps; this file holds only the ids so the state machine stays free of it.
 */
export const STEP_IDS = [
  'identify-interfaces',
  'kernel-modules',
  'throughput',
  'capture',
  'logs',
  'latency',
] as const;

export type StepId = (typeof STEP_IDS)[number];

export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && (STEP_IDS as readonly string[]).includes(value);
}
