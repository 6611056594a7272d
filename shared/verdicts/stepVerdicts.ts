import type { Verdict } from '../checklist/state';
import type { StepId } from '../checklist/steps';
import type { AuditFacts } from '../findings/facts';
import type { Finding, FindingsReport } from '../findings/types';

/**
 * Which findings speak to which step of the checklist. "PPTP in use" speaks to the audit as a
 * whole (it is always critical) and would otherwise fail every step.
 */
export const STEP_RULES: Record<StepId, readonly string[]> = {
  'identify-interfaces': ['dynamic-address', 'txqueuelen-bufferbloat'],
  'kernel-modules': ['missing-modules', 'nat-helpers-missing'],
  throughput: ['throughput-ceiling'],
  capture: ['data-unencrypted', 'weak-mppe', 'mschapv2-observable', 'gre-blockage', 'gre-sequence-loss'],
  logs: ['mppe-negotiation-failed', 'mppe-not-required', 'tunnel-flapping'],
  latency: ['latency-high', 'jitter-high', 'loss-high', 'mtu-fragmentation'],
};

const STEP_FACTS: Record<StepId, ReadonlyArray<keyof AuditFacts>> = {
  'identify-interfaces': ['interfaces'],
  'kernel-modules': ['modules'],
  throughput: ['throughput'],
  capture: ['wire'],
  logs: ['logs'],
  latency: ['latency', 'pathMtu'],
};

function worst(findings: Finding[]): 'fail' | 'warn' | 'pass' {
  if (findings.some((f) => f.severity === 'critical' || f.severity === 'high')) return 'fail';
  if (findings.some((f) => f.severity === 'medium' || f.severity === 'low')) return 'warn';
  return 'pass';
}

/**
 * The verdict of a step from what the findings engine concluded: fail on a critical or high
 * finding of the step, warn on medium or low ones, pass otherwise. A step whose facts were not
 * collected has no verdict to give and warns, because absence of evidence is not a pass.
 */
export function stepVerdict(step: StepId, facts: AuditFacts, report: FindingsReport, basis: string): Verdict {
  const missing = STEP_FACTS[step].filter((key) => facts[key] === undefined);
  if (missing.length === STEP_FACTS[step].length) {
    return { level: 'warn', reason: `Nothing could be evaluated: ${basis}` };
  }
  if (step === 'identify-interfaces' && facts.interfaces && !facts.interfaces.interfaces.some((i) => i.name === facts.interfaces!.tunnel)) {
    return { level: 'fail', reason: `${facts.interfaces.tunnel} does not exist: the tunnel is down (or named otherwise). ${basis}` };
  }
  if (step === 'throughput' && facts.throughput && facts.throughput.stats.measuredSeconds === 0) {
    return { level: 'warn', reason: `No interval of ${facts.throughput.iface} could be measured: the interface was absent or re-created throughout. ${basis}` };
  }
  if (step === 'capture' && facts.wire && facts.wire.control.connections === 0 && facts.wire.gre.toServer + facts.wire.gre.toClient === 0) {
    return { level: 'warn', reason: `No PPTP control or GRE packet on the carrier during the window: nothing to judge. ${basis}` };
  }
  if (step === 'capture' && facts.wire && facts.wire.encryption.verdict === 'no-data') {
    const related = report.findings.filter((f) => STEP_RULES.capture.includes(f.ruleId));
    if (worst(related) !== 'fail') {
      return { level: 'warn', reason: `GRE seen but no PPP data frame during the window: encryption not judged; capture while the link carries traffic. ${basis}` };
    }
  }
  const rules = STEP_RULES[step];
  const related = report.findings.filter((f) => rules.includes(f.ruleId));
  const level = worst(related);
  if (related.length === 0) return { level, reason: basis };
  const titles = related.map((f) => `${f.severity}: ${f.title}`).join('; ');
  return { level, reason: `${titles}. ${basis}`.slice(0, 2000) };
}
