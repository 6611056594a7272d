import type { StepId } from '../checklist/steps';
import { captureSpec } from './specs/capture';
import { identifySpec } from './specs/identify';
import { latencySpec, MAX_PING_COUNT, MIN_PING_COUNT } from './specs/latency';
import { logsSpec } from './specs/logs';
import { modulesSpec } from './specs/modules';
import { throughputSpec } from './specs/throughput';
import type { PlanContext, PlannedCommand, StepOptions, StepSpec } from './types';

export type { PlanContext, PlannedCommand, StepOptions, StepSpec } from './types';

/** The six steps of the field guide, each defined once. */
export const STEP_SPECS: Record<StepId, StepSpec> = {
  'identify-interfaces': identifySpec,
  'kernel-modules': modulesSpec,
  throughput: throughputSpec,
  capture: captureSpec,
  logs: logsSpec,
  latency: latencySpec,
};

export function stepSpec(id: StepId): StepSpec {
  return STEP_SPECS[id];
}

export const DEFAULT_STEP_OPTIONS: StepOptions = { windowS: 30, pingCount: 50, intervalMs: 500 };

const bounded = (value: number, min: number, max: number, fallback: number) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, Math.trunc(value))) : fallback;

/**
 * Options as a plan may use them: whole numbers inside the bounds the operations accept, so a
 * half-typed field in the GUI shows the command that would run instead of breaking the plan.
 */
export function boundedOptions(options: StepOptions): StepOptions {
  return {
    windowS: bounded(options.windowS, 1, 3600, DEFAULT_STEP_OPTIONS.windowS),
    pingCount: bounded(options.pingCount, MIN_PING_COUNT, MAX_PING_COUNT, DEFAULT_STEP_OPTIONS.pingCount),
    intervalMs: bounded(options.intervalMs, 100, 10_000, DEFAULT_STEP_OPTIONS.intervalMs),
  };
}

/** The commands of a step for a context: the single source of what is shown, run and recorded. */
export function planStep(id: StepId, context: PlanContext): PlannedCommand[] {
  return STEP_SPECS[id].plan({ ...context, options: boundedOptions(context.options) });
}

/** One planned command by its key; a plan without it is a programming error, not a user's. */
export function plannedCommand(id: StepId, context: PlanContext, key: string): PlannedCommand {
  const found = planStep(id, context).find((c) => c.key === key);
  if (!found) throw new Error(`step ${id} plans no command "${key}"`);
  return found;
}
