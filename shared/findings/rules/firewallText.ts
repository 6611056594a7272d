import type { Decision, Hook, RuleRef } from '../../model/hardening';

/** "filter/INPUT #3: -A INPUT -p tcp --dport 1723 -j ACCEPT", or the chain policy. */
export function ruleRefText(r: RuleRef): string {
  return `${r.table}/${r.chain}${r.position !== null ? ` #${r.position}` : ' policy'}: ${r.text}`;
}

export function decisionText(d: { hook: Hook; chain: string; decision: Decision }): string {
  return `${d.hook}: ${d.decision.verdict.toUpperCase()} by ${ruleRefText(d.decision.by)}`;
}
