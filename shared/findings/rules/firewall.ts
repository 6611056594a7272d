import type { EvidenceRef } from '../../model/evidence';
import type { AuditFacts } from '../facts';
import { ref } from '../evidence';
import type { Rule, RuleOutcome } from '../types';
import { readFirewall, unreadFirewallReason, type ReadFirewall } from './firewallRead';
import { decisionText, ruleRefText } from './firewallText';

/**
 * Firewall rules whose harm depends on the host's role: the FORWARD path, the conntrack helper
 * and MSS clamping matter only where the host forwards tunnel traffic for others. Without the
 * forwarding sysctl the role is unknown and these rules are not evaluated, never cleared.
 */
function gatewayOnly(facts: AuditFacts, judge: (fw: ReadFirewall) => RuleOutcome): RuleOutcome {
  const fw = readFirewall(facts.firewall);
  if (!fw) return { kind: 'not-evaluated', reason: unreadFirewallReason(facts.firewall) };
  const gateway = facts.modules?.gateway;
  if (!gateway) return { kind: 'not-evaluated', reason: 'whether this host forwards (net.ipv4.ip_forward) is unknown' };
  if (!gateway.isGateway) return { kind: 'clear', basis: `this host does not forward packets (${gateway.basis})` };
  return judge(fw);
}

function gatewayRef(facts: AuditFacts): EvidenceRef[] {
  const g = facts.modules?.gateway;
  return g?.file ? [ref(g.file, `host forwards packets: ${g.basis}`, { line: g.line })] : [];
}

/** An ACCEPT for GRE placed after a catch-all DROP/REJECT never matches: the rule the admin believes in is dead. */
export const firewallAcceptShadowed: Rule = {
  id: 'firewall-accept-shadowed',
  title: 'PPTP ACCEPT rule after a catch-all (dead rule)',
  uses: ['firewall'],
  troubleshooting: 'gre-blockage',
  evaluate(facts) {
    const firewall = readFirewall(facts.firewall);
    if (!firewall) return { kind: 'not-evaluated', reason: unreadFirewallReason(facts.firewall) };
    const shadowed = firewall.audit.gre.shadowed;
    if (shadowed.length === 0) return { kind: 'clear', basis: 'no GRE ACCEPT rule sits after a catch-all DROP/REJECT' };
    return {
      kind: 'fired',
      findings: shadowed.map((s, i) => ({
        qualifier: `gre-${i + 1}`,
        title: 'GRE ACCEPT comes after a catch-all DROP/REJECT: it never matches',
        severity: 'high' as const,
        summary: `${ruleRefText(s.accept)} is placed after ${ruleRefText(s.catchAll)}. Rules are evaluated in order, so protocol 47 is dropped first and the data channel cannot come up ("LCP: timeout sending Config-Requests", error 619).`,
        evidence: [ref(firewall.source, ruleRefText(s.accept)), ref(firewall.source, ruleRefText(s.catchAll))],
        remediation: `Move the GRE rule above the catch-all (iptables -I ${s.accept.chain} ${s.catchAll.position ?? 1} -p gre -s <peer> -j ACCEPT) and delete the dead rule.`,
      })),
    };
  },
};

export const greForwardBlocked: Rule = {
  id: 'gre-forward-blocked',
  title: 'GRE not forwarded by a gateway',
  uses: ['firewall'],
  troubleshooting: 'gre-blockage',
  evaluate(facts) {
    return gatewayOnly(facts, (fw) => {
      if (fw.audit.gre.forwardStatus !== 'dropped') return { kind: 'clear', basis: `forwarded GRE is ${fw.audit.gre.forwardStatus}` };
      const by = fw.audit.gre.decisions.find((d) => d.hook === 'forward');
      return {
        kind: 'fired',
        findings: [
          {
            title: 'GRE is not forwarded: a PPTP peer behind this gateway gets no data channel',
            severity: 'medium',
            summary: `GRE passing through this host is ${by ? `dropped (${decisionText(by)})` : 'dropped'}, and the host forwards packets.`,
            evidence: [ref(fw.source, by ? decisionText(by) : 'FORWARD drops protocol 47'), ...gatewayRef(facts)],
            remediation: 'Accept forwarded GRE of the PPTP peers (iptables -A FORWARD -p gre -s <peer> -j ACCEPT) or assign the pptp helper and accept RELATED.',
          },
        ],
      };
    });
  },
};

export const pptpHelperNotAssigned: Rule = {
  id: 'pptp-helper-not-assigned',
  title: 'No conntrack helper assigned to PPTP on a gateway',
  uses: ['firewall'],
  troubleshooting: 'error-619',
  evaluate(facts) {
    return gatewayOnly(facts, (fw) => {
      if (fw.audit.helper.assigned) return { kind: 'clear', basis: `helper assigned by ${fw.audit.helper.rules.map((r) => ruleRefText(r)).join('; ')}` };
      if (facts.modules?.conntrackHelperSysctl?.value === 1) {
        return { kind: 'clear', basis: 'net.netfilter.nf_conntrack_helper=1 assigns helpers automatically (kernels before 6.0)' };
      }
      return {
        kind: 'fired',
        findings: [
          {
            title: 'No conntrack helper is assigned to PPTP on this gateway',
            severity: 'medium',
            summary: 'No rule sets the pptp helper (-j CT --helper pptp / ct helper set) and automatic assignment is off: a NAT gateway cannot track or translate the GRE calls of the PPTP sessions it forwards.',
            evidence: [ref(fw.source, 'no rule assigns the pptp conntrack helper'), ...gatewayRef(facts)],
            remediation: 'iptables -t raw -A PREROUTING -p tcp --dport 1723 -j CT --helper pptp (nft: a ct helper object of type "pptp" and "tcp dport 1723 ct helper set").',
          },
        ],
      };
    });
  },
};

export const mssClampMissing: Rule = {
  id: 'mss-clamp-missing',
  title: 'No TCP MSS clamping on a gateway',
  uses: ['firewall'],
  troubleshooting: 'drop-at-1450',
  evaluate(facts) {
    return gatewayOnly(facts, (fw) => {
      if (fw.audit.mssClamp) return { kind: 'clear', basis: 'a TCPMSS clamp rule is present' };
      return {
        kind: 'fired',
        findings: [
          {
            title: 'No TCP MSS clamping on a gateway that forwards tunnel traffic',
            severity: 'low',
            summary: 'TCP sessions through the tunnel start with an MSS sized for 1500-byte links and rely on path-MTU discovery, which GRE paths often break (hangs on large transfers).',
            evidence: [ref(fw.source, 'no TCPMSS rule in the ruleset'), ...gatewayRef(facts)],
            remediation: 'iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
          },
        ],
      };
    });
  },
};
