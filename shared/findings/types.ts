import type { EvidenceRef } from '../model/evidence';
import type { AuditFacts, FactKey } from './facts';
import type { StepId } from '../checklist/steps';
import type { RuleId } from './rules/ids';
import type { TroubleshootingRow, TroubleshootingRowId } from './troubleshootingMatrix';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export interface Finding {
  /** Stable across audits of the same site (used by baseline comparison): rule id, plus a
   * qualifier when one rule finds several things (e.g. `gre-sequence-loss:call-17:10.0.0.2>10.0.0.1`). */
  id: string;
  ruleId: RuleId;
  title: string;
  severity: Severity;
  /** What was observed, in one or two sentences with the numbers. */
  summary: string;
  /** What the finding rests on; never empty (the engine refuses a finding without evidence). */
  evidence: EvidenceRef[];
  remediation: string;
  /** The matching row of the source guide's troubleshooting matrix. */
  troubleshooting: TroubleshootingRow;
}

/** What a rule returns: findings, a clear bill with what it looked at, or why it could not judge. */
export type RuleOutcome =
  | { kind: 'fired'; findings: RuleFinding[] }
  | { kind: 'clear'; basis: string }
  | { kind: 'not-evaluated'; reason: string };

/** A finding as a rule produces it; the engine adds ruleId and resolves the matrix row. */
export interface RuleFinding {
  /** Qualifier appended to the rule id, when a rule can fire several times. */
  qualifier?: string;
  title: string;
  severity: Severity;
  summary: string;
  evidence: EvidenceRef[];
  remediation: string;
  /** Overrides the rule's default matrix row for this finding. */
  troubleshooting?: TroubleshootingRowId;
}

export interface Rule {
  id: RuleId;
  title: string;
  /** The fact sections the rule can use; it needs at least one unless it says otherwise. */
  uses: FactKey[];
  troubleshooting: TroubleshootingRowId;
  evaluate(facts: AuditFacts): RuleOutcome;
}

export interface RuleStatus {
  ruleId: RuleId;
  title: string;
  status: 'fired' | 'clear' | 'not-evaluated';
  /** The basis of a clear, or why it was not evaluated. */
  detail: string;
}

/** 'incomplete': nothing worse than low was found, but an essential step gave no evidence, so no clean bill can be given. */
export type RiskRating = 'critical' | 'high' | 'medium' | 'low' | 'minimal' | 'incomplete';

/** How much of the audit the rating rests on: printed beside the rating everywhere it appears. */
export interface Coverage {
  /** Steps whose evidence reached the findings engine (at least one of their fact sections). */
  stepsCovered: StepId[];
  /** Essential steps without evidence: while any is missing the rating cannot be low or minimal. */
  essentialMissing: StepId[];
  rulesEvaluated: number;
  rulesTotal: number;
}

export interface RiskAssessment {
  rating: RiskRating;
  /** Weighted sum of the findings (critical 40, high 15, medium 5, low 1). */
  score: number;
  counts: Record<Severity, number>;
  rationale: string;
  coverage: Coverage;
}

export interface FindingsReport {
  findings: Finding[];
  rules: RuleStatus[];
  notEvaluated: RuleStatus[];
  risk: RiskAssessment;
}
