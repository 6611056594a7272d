import type { FindingsReport, Severity } from '../findings/types';
import type { Verdict } from './state';
import type { StepId } from './steps';

/**
 * Which findings rules speak to which step. "PPTP in use" is deliberately absent: it is a
 * verdict on the whole audit (always critical), and letting it fail every step would hide
 * what each step actually found.
 */
export const RULES_BY_STEP: Record<StepId, readonly string[]> = {
  'identify-interfaces': ['dynamic-address', 'mtu-fragmentation', 'txqueuelen-bufferbloat'],
  'kernel-modules': ['missing-modules', 'nat-helpers-missing'],
  throughput: ['throughput-ceiling', 'tunnel-flapping', 'thermal-stress'],
  capture: ['data-unencrypted', 'weak-mppe', 'mschapv2-observable', 'gre-blockage', 'gre-sequence-loss', 'mtu-fragmentation'],
  logs: [
    'weak-mppe',
    'mppe-not-required',
    'mppe-negotiation-failed',
    'gre-blockage',
    'tunnel-flapping',
    'tcp1723-unrestricted',
    'chap-secrets-exposed',
    'chap-secrets-weak',
  ],
  latency: ['latency-high', 'jitter-high', 'loss-high', 'mtu-fragmentation', 'txqueuelen-bufferbloat'],
};

const FAILING: ReadonlySet<Severity> = new Set(['critical', 'high']);

/**
 * The verdict the findings suggest for a step: fail on a critical/high finding of its rules,
 * warn on a lesser one, pass when at least one of its rules was evaluated and none fired.
 * null when none of its rules could be evaluated: the auditor must judge (never a silent pass).
 */
export function suggestVerdict(step: StepId, report: FindingsReport): Verdict | null {
  const rules = new Set(RULES_BY_STEP[step]);
  const findings = report.findings.filter((f) => rules.has(f.ruleId));
  if (findings.length > 0) {
    const failing = findings.filter((f) => FAILING.has(f.severity));
    const shown = (failing.length > 0 ? failing : findings).map((f) => `${f.title} (${f.severity})`);
    const more = findings.length - shown.length;
    return {
      level: failing.length > 0 ? 'fail' : 'warn',
      reason: `${shown.join('; ')}${more > 0 ? `; and ${more} lesser finding${more > 1 ? 's' : ''}` : ''}`.slice(0, 2000),
    };
  }
  const clear = report.rules.filter((r) => rules.has(r.ruleId) && r.status === 'clear');
  if (clear.length === 0) return null;
  return { level: 'pass', reason: clear.map((r) => `${r.title}: ${r.detail}`).join('; ').slice(0, 2000) };
}
