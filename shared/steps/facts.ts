import { STEP_IDS } from '../checklist/steps';
import type { AuditFacts } from '../findings/facts';
import { STEP_SPECS } from './index';
import type { AdaptContext, Adapted, RawOutput } from './outputs';

/**
 * Every step's outputs through that step's adapter: the one way raw outputs become the
 * findings engine's facts, for the GUI, the headless audit, the per-step commands and an
 * offline import alike.
 */
export function factsFromOutputs(outputs: readonly RawOutput[], context: AdaptContext): Adapted {
  const facts: AuditFacts = {};
  const problems: string[] = [];
  for (const id of STEP_IDS) {
    const mine = outputs.filter((o) => o.step === id);
    if (mine.length === 0) continue;
    const adapted = STEP_SPECS[id].adapt(mine, context);
    Object.assign(facts, adapted.facts);
    problems.push(...adapted.problems);
  }
  return { facts, problems };
}
