import type { Verdict } from '../checklist/state';
import type { StepId } from '../checklist/steps';
import type { AuditFacts } from '../findings/facts';
import type { Finding, FindingsReport } from '../findings/types';
import { STEP_SPECS } from './index';

function worst(findings: Finding[]): 'fail' | 'warn' | 'pass' {
  if (findings.some((f) => f.severity === 'critical' || f.severity === 'high')) return 'fail';
  if (findings.some((f) => f.severity === 'medium' || f.severity === 'low')) return 'warn';
  return 'pass';
}

/**
 * The verdict of a step from what the findings engine concluded about the rules of its spec:
 * fail on a critical or high finding, warn on medium or low ones, pass otherwise. A step whose
 * facts were not collected cannot pass: it warns, because absence of evidence is not a pass.
 * `basis` says what the step gathered, so the verdict never reads stronger than that.
 */
export function stepVerdict(step: StepId, facts: AuditFacts, report: FindingsReport, basis: string): Verdict {
  const spec = STEP_SPECS[step];
  if (spec.facts.every((key) => facts[key] === undefined)) {
    return { level: 'warn', reason: `Nothing could be evaluated: ${basis}` };
  }
  const interfaces = facts.interfaces;
  if (step === 'identify-interfaces' && interfaces && !interfaces.interfaces.some((i) => i.name === interfaces.tunnel)) {
    return { level: 'fail', reason: `${interfaces.tunnel}: no such interface. The tunnel is down or named otherwise; the other steps measure nothing of it. ${basis}` };
  }
  if (step === 'throughput' && facts.throughput && facts.throughput.stats.measuredSeconds === 0) {
    return { level: 'warn', reason: `No interval of ${facts.throughput.iface} could be measured: the interface was absent or re-created throughout. ${basis}` };
  }
  const related = report.findings.filter((f) => spec.rules.includes(f.ruleId));
  if (step === 'capture' && facts.wire && facts.wire.control.connections === 0 && facts.wire.gre.toServer + facts.wire.gre.toClient === 0) {
    return { level: 'warn', reason: `No PPTP control or GRE packet on the carrier during the window: nothing to judge. ${basis}` };
  }
  if (step === 'capture' && facts.wire && facts.wire.encryption.verdict === 'no-data' && worst(related) !== 'fail') {
    return { level: 'warn', reason: `GRE seen but no PPP data frame during the window: encryption not judged; capture while the link carries traffic. ${basis}` };
  }
  const level = worst(related);
  // Outputs were read, but none of the step's rules could judge them: that is no pass either.
  const judged = report.rules.filter((r) => spec.rules.includes(r.ruleId) && r.status !== 'not-evaluated');
  if (related.length === 0 && judged.length === 0) return { level: 'warn', reason: `None of this step's checks could be evaluated from what was read. ${basis}` };
  if (related.length === 0) return { level, reason: basis };
  const titles = related.map((f) => `${f.severity}: ${f.title}`).join('; ');
  return { level, reason: `${titles}. ${basis}`.slice(0, 2000) };
}
