import { STEP_IDS, type StepId } from '../checklist/steps';
import { SEVERITIES, type Coverage, type Finding, type RiskAssessment, type RiskRating, type RuleStatus, type Severity } from './types';

/** Weights of the risk score: one critical outweighs any realistic number of lows. */
export const SEVERITY_WEIGHTS: Record<Severity, number> = { critical: 40, high: 15, medium: 5, low: 1, info: 0 };

/** Severities that stand on their own: more evidence can only add to them, never take them back. */
const DECISIVE: ReadonlySet<Severity> = new Set<Severity>(['critical', 'high', 'medium']);

/**
 * The overall rating is the worst severity found when it is medium or worse. Below that it is
 * only given when every essential step brought evidence: otherwise the rating is INCOMPLETE,
 * never LOW or MINIMAL, because what was not looked at may be worse. The coverage travels
 * with the rating so every place that prints one prints the other.
 */
export function assessRisk(
  findings: Finding[],
  rules: RuleStatus[],
  steps: { covered: StepId[]; essentialMissing: StepId[] },
): RiskAssessment {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  const score = SEVERITIES.reduce((sum, s) => sum + counts[s] * SEVERITY_WEIGHTS[s], 0);
  const evaluated = rules.filter((r) => r.status !== 'not-evaluated').length;
  const coverage: Coverage = {
    stepsCovered: steps.covered,
    essentialMissing: steps.essentialMissing,
    rulesEvaluated: evaluated,
    rulesTotal: rules.length,
  };
  const worst = SEVERITIES.find((s) => s !== 'info' && counts[s] > 0);
  let rating: RiskRating;
  if (worst && DECISIVE.has(worst)) rating = worst as RiskRating;
  else if (steps.essentialMissing.length > 0 || evaluated === 0) rating = 'incomplete';
  else rating = worst === 'low' ? 'low' : 'minimal';
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const rationale = [
    parts.length > 0 ? `Findings: ${parts.join(', ')}.` : 'No findings.',
    findings.some((f) => f.ruleId === 'pptp-in-use') ? 'PPTP in use is critical by policy: the protocol cannot be made safe.' : null,
    coverageSentence(coverage),
    rating === 'incomplete' ? 'The rating is INCOMPLETE: no clean bill can be given until the missing steps are run.' : null,
  ]
    .filter(Boolean)
    .join(' ');
  return { rating, score, counts, rationale, coverage };
}

/** "Coverage: 4 of 6 steps (missing: capture, latency); 20 of 30 rules evaluated." */
export function coverageSentence(c: Coverage): string {
  const steps = `${c.stepsCovered.length} of ${STEP_IDS.length} steps`;
  const missing = c.essentialMissing.length > 0 ? ` (missing: ${c.essentialMissing.join(', ')})` : '';
  return `Coverage: ${steps}${missing}; ${c.rulesEvaluated} of ${c.rulesTotal} rules evaluated.`;
}
