import type { StepId } from '../../../shared/checklist/steps';
import { evaluateFindings } from '../../../shared/findings/engine';
import type { AuditFacts } from '../../../shared/findings/facts';
import type { Finding, RuleStatus } from '../../../shared/findings/types';
import { STEP_SPECS } from '../../../shared/steps/index';
import { factsFromOutputs } from '../../../shared/steps/facts';
import type { AdaptContext, RawOutput } from '../../../shared/steps/outputs';

export interface StepJudgement {
  step: StepId;
  /** The fact sections the outputs gave (the audit's facts.json shape). */
  facts: AuditFacts;
  /** Every finding the one engine makes of these facts: the same as an audit with this evidence. */
  findings: Finding[];
  /** The step's own rules, with their status (fired, clear or not evaluated, and why). */
  rules: RuleStatus[];
  problems: string[];
}

/** A per-step command's outputs through the step's adapter and the one findings engine. */
export function judgeStep(step: StepId, outputs: readonly RawOutput[], context: AdaptContext): StepJudgement {
  const { facts, problems } = factsFromOutputs(outputs, context);
  const report = evaluateFindings(facts);
  const mine = new Set<string>(STEP_SPECS[step].rules);
  return {
    step,
    facts,
    findings: report.findings,
    rules: report.rules.filter((r) => mine.has(r.ruleId)),
    problems,
  };
}
