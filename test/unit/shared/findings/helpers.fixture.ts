import { evaluateFindings, RULES, type AuditFacts, type Finding, type FindingsReport } from '../../../../shared/findings';

export function evaluate(facts: AuditFacts): FindingsReport {
  return evaluateFindings(facts);
}

export function statusOf(report: FindingsReport, ruleId: string): string {
  const s = report.rules.find((r) => r.ruleId === ruleId);
  if (!s) throw new Error(`no rule ${ruleId}`);
  return s.status;
}

export function detailOf(report: FindingsReport, ruleId: string): string {
  return report.rules.find((r) => r.ruleId === ruleId)?.detail ?? '';
}

export function findingsOf(report: FindingsReport, ruleId: string): Finding[] {
  return report.findings.filter((f) => f.ruleId === ruleId);
}

/** Evaluates only one rule. */
export function one(ruleId: string, facts: AuditFacts): FindingsReport {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return evaluateFindings(facts, [rule]);
}
