import { STEP_IDS, type StepId } from '../checklist/steps';
import type { AuditFacts } from '../findings/facts';
import { STEP_SPECS } from './index';

/**
 * Which steps the facts come from. A step counts as covered when at least one of its fact
 * sections reached the engine: the same facts give the same coverage, whether they were
 * collected by the GUI, the headless audit, a per-step command or an offline import.
 */
export function stepsCovered(facts: AuditFacts): { covered: StepId[]; essentialMissing: StepId[] } {
  const covered = STEP_IDS.filter((id) => STEP_SPECS[id].facts.some((key) => facts[key] !== undefined));
  const essentialMissing = STEP_IDS.filter((id) => STEP_SPECS[id].essential && !covered.includes(id));
  return { covered, essentialMissing };
}
