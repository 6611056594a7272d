import type { FirewallFacts, ReadFirewallFacts } from '../facts';

export type ReadFirewall = ReadFirewallFacts;

/** The firewall a rule may judge by; undefined when there is none or it is known to be incomplete. */
export function readFirewall(firewall: FirewallFacts | undefined): ReadFirewall | undefined {
  return firewall !== undefined && firewall.audit !== undefined ? firewall : undefined;
}

/** Why a firewall verdict cannot be given: no listing at all, or listings that miss applied rules. */
export function unreadFirewallReason(firewall: FirewallFacts | undefined): string {
  if (firewall?.notEvaluated !== undefined) return `firewall not evaluated: ${firewall.notEvaluated}`;
  return 'no firewall rules';
}
