import { SEVERITIES, type Finding, type RiskAssessment, type RiskRating, type RuleStatus, type Severity } from './types';

/** Weights of the risk score: one critical outweighs any realistic number of lows. */
export const SEVERITY_WEIGHTS: Record<Severity, number> = { critical: 40, high: 15, medium: 5, low: 1, info: 0 };

/**
 * The overall rating is the worst severity found; "minimal" when rules were evaluated and found
 * nothing above info; "unknown" when nothing could be evaluated. Rules that could not be
 * evaluated are counted in the rationale: the rating can only get worse with more evidence.
 */
export function assessRisk(findings: Finding[], rules: RuleStatus[]): RiskAssessment {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  const score = SEVERITIES.reduce((sum, s) => sum + counts[s] * SEVERITY_WEIGHTS[s], 0);
  const evaluated = rules.filter((r) => r.status !== 'not-evaluated').length;
  const notEvaluated = rules.length - evaluated;
  const worst = SEVERITIES.find((s) => s !== 'info' && counts[s] > 0);
  let rating: RiskRating;
  if (worst) rating = worst as RiskRating;
  else rating = evaluated > 0 ? 'minimal' : 'unknown';
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const rationale = [
    parts.length > 0 ? `Findings: ${parts.join(', ')}.` : 'No findings.',
    findings.some((f) => f.ruleId === 'pptp-in-use') ? 'PPTP in use is critical by policy: the protocol cannot be made safe.' : null,
    notEvaluated > 0 ? `${notEvaluated} of ${rules.length} rules could not be evaluated for lack of evidence; the rating may be worse.` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return { rating, score, counts, rationale };
}
