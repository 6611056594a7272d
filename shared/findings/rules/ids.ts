/**
 * Every rule id, once. Step specs, step verdicts and tests name rules through this type, so
 * a renamed or deleted rule is a compile error where it is used, not a silent miss.
 */
export const RULE_IDS = [
  'pptp-in-use',
  'tunnel-kind-unknown',
  'data-unencrypted',
  'weak-mppe',
  'mppe-not-required',
  'ppp-auth-not-required',
  'ppp-legacy-auth',
  'ppp-options-contradict',
  'mschapv2-observable',
  'mppe-negotiation-failed',
  'ppp-auth-failures',
  'gre-blockage',
  'firewall-accept-shadowed',
  'gre-forward-blocked',
  'pptp-helper-not-assigned',
  'mtu-fragmentation',
  'tunnel-fragmentation',
  'mss-clamp-missing',
  'missing-modules',
  'nat-helpers-missing',
  'tcp1723-unrestricted',
  'chap-secrets-exposed',
  'chap-secrets-weak',
  'throughput-ceiling',
  'latency-high',
  'jitter-high',
  'loss-high',
  'gre-sequence-loss',
  'tunnel-flapping',
  'dynamic-address',
  'txqueuelen-bufferbloat',
  'thermal-stress',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}
