import { FACT_LABELS, type AuditFacts } from './facts';
import { stepsCovered } from '../steps/coverage';
import { assessRisk } from './risk';
import { RULES } from './rules/index';
import { troubleshootingRow } from './troubleshootingMatrix';
import { severityRank, type Finding, type FindingsReport, type Rule, type RuleStatus } from './types';

/**
 * Runs every rule over the facts. Guarantees, whatever a rule does:
 * - a rule whose inputs are all absent is NOT EVALUATED (never a pass);
 * - a finding without evidence is refused (the rule is then reported as not evaluated);
 * - a rule that throws is reported as not evaluated with the error, the others still run.
 */
export function evaluateFindings(facts: AuditFacts, rules: readonly Rule[] = RULES): FindingsReport {
  const findings: Finding[] = [];
  const statuses: RuleStatus[] = [];
  for (const rule of rules) {
    const base = { ruleId: rule.id, title: rule.title };
    const available = rule.uses.filter((k) => facts[k] !== undefined);
    if (available.length === 0) {
      statuses.push({ ...base, status: 'not-evaluated', detail: `missing: ${rule.uses.map((k) => FACT_LABELS[k]).join(' or ')}` });
      continue;
    }
    let outcome;
    try {
      outcome = rule.evaluate(facts);
    } catch (error) {
      statuses.push({ ...base, status: 'not-evaluated', detail: `rule failed: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (outcome.kind === 'clear') {
      statuses.push({ ...base, status: 'clear', detail: outcome.basis });
      continue;
    }
    if (outcome.kind === 'not-evaluated') {
      statuses.push({ ...base, status: 'not-evaluated', detail: outcome.reason });
      continue;
    }
    const withEvidence = outcome.findings.filter((f) => f.evidence.length > 0);
    if (withEvidence.length === 0) {
      statuses.push({ ...base, status: 'not-evaluated', detail: 'the rule produced a finding without evidence, which is refused' });
      continue;
    }
    for (const f of withEvidence) {
      findings.push({
        id: f.qualifier ? `${rule.id}:${f.qualifier}` : rule.id,
        ruleId: rule.id,
        title: f.title,
        severity: f.severity,
        summary: f.summary,
        evidence: f.evidence,
        remediation: f.remediation,
        troubleshooting: troubleshootingRow(f.troubleshooting ?? rule.troubleshooting),
      });
    }
    statuses.push({ ...base, status: 'fired', detail: `${withEvidence.length} finding(s)` });
  }
  const order = new Map(rules.map((r, i) => [r.id, i]));
  findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0));
  return {
    findings,
    rules: statuses,
    notEvaluated: statuses.filter((s) => s.status === 'not-evaluated'),
    risk: assessRisk(findings, statuses, stepsCovered(facts)),
  };
}
