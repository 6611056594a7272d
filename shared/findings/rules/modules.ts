import { ref } from '../evidence';
import { GRE_TRANSPORT_MODULES, NAT_HELPER_MODULES, REQUIRED_PPP_MODULES } from '../thresholds';
import type { Rule, RuleFinding } from '../types';
import { findModule, missingNatHelpers } from './moduleLookup';
import { readFirewall } from './firewallRead';

export const missingModules: Rule = {
  id: 'missing-modules',
  title: 'Missing kernel modules',
  uses: ['modules'],
  troubleshooting: 'missing-modules',
  evaluate({ modules }) {
    if (!modules) return { kind: 'not-evaluated', reason: 'no module list' };
    const undetermined = new Set(modules.undetermined ?? []);
    const missing = REQUIRED_PPP_MODULES.filter((m) => !findModule(modules, [m]) && !undetermined.has(m));
    const transport = findModule(modules, GRE_TRANSPORT_MODULES);
    const transportUnknown = GRE_TRANSPORT_MODULES.some((m) => undetermined.has(m));
    const findings: RuleFinding[] = [];
    if (missing.length > 0) {
      findings.push({
        qualifier: 'ppp',
        title: `Kernel module${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`,
        severity: 'high',
        summary: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} neither loaded nor built in: without them the kernel cannot run PPP or decrypt MPPE, which shows as immediate packet loss.`,
        evidence: [ref(modules.source, `${missing.join(', ')} not in /proc/modules nor modules.builtin`)],
        remediation: 'modprobe -a ppp_generic ppp_mppe, and list them in /etc/modules-load.d/ppp.conf so they load at boot.',
      });
    }
    if (!transport && !transportUnknown) {
      findings.push({
        qualifier: 'gre-transport',
        title: 'No kernel PPTP/GRE module',
        severity: 'info',
        summary: `None of ${GRE_TRANSPORT_MODULES.join(', ')} is loaded: GRE is handled in user space by pptpd/pptp, adding the kernel-to-user-space copies the guide names as PPTP's throughput ceiling.`,
        evidence: [ref(modules.source, `${GRE_TRANSPORT_MODULES.join(', ')} not in /proc/modules nor modules.builtin`)],
        remediation: 'No action needed for the audit; the migration removes the user-space data path.',
      });
    }
    if (findings.length === 0) {
      const unknown = REQUIRED_PPP_MODULES.filter((m) => undetermined.has(m));
      if (unknown.length > 0) return { kind: 'not-evaluated', reason: `presence of ${unknown.join(', ')} could not be established (modules.builtin or kernel config not read)` };
      return { kind: 'clear', basis: `${REQUIRED_PPP_MODULES.join(', ')} and ${transport?.name ?? 'a GRE module (state unknown)'} present` };
    }
    return { kind: 'fired', findings };
  },
};

export const natHelpersMissing: Rule = {
  id: 'nat-helpers-missing',
  title: 'PPTP NAT helpers missing on the gateway',
  uses: ['modules'],
  troubleshooting: 'error-619',
  evaluate({ modules, firewall: firewallFacts }) {
    // A firewall known to be incomplete says nothing about helper rules: read as no firewall.
    const firewall = readFirewall(firewallFacts);
    if (!modules) return { kind: 'not-evaluated', reason: 'no module list' };
    if (!modules.gateway) return { kind: 'not-evaluated', reason: 'unknown whether this host NATs/forwards PPTP (net.ipv4.ip_forward not read, role not entered)' };
    if (!modules.gateway.isGateway) return { kind: 'clear', basis: `not a gateway (${modules.gateway.basis})` };
    const findings: RuleFinding[] = [];
    const undetermined = new Set(modules.undetermined ?? []);
    const missing = missingNatHelpers(modules, NAT_HELPER_MODULES).filter((m) => !undetermined.has(m));
    if (missing.length > 0) {
      findings.push({
        qualifier: 'modules',
        title: `NAT helper${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`,
        severity: 'high',
        summary: `This host forwards traffic (${modules.gateway.basis}) but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} absent: GRE calls behind NAT cannot be tracked, the classic cause of "619" errors and GRE blockage.`,
        evidence: [
          ref(modules.source, `${missing.join(', ')} not in /proc/modules nor modules.builtin`),
          ...(modules.gateway.file ? [ref(modules.gateway.file, modules.gateway.basis, { line: modules.gateway.line })] : []),
        ],
        remediation: 'modprobe -a nf_conntrack_pptp nf_nat_pptp, and load them at boot.',
      });
    }
    const sysctl = modules.conntrackHelperSysctl;
    if (sysctl && sysctl.value === 0 && (!firewall || !firewall.audit.helper.assigned)) {
      findings.push({
        qualifier: 'assignment',
        title: 'PPTP conntrack helper not assigned',
        severity: 'medium',
        summary: `net.netfilter.nf_conntrack_helper is 0 (the default since Linux 4.7)${firewall ? ' and no "-j CT --helper pptp" rule exists' : ''}: even when loaded, the helper is not attached to TCP 1723.`,
        evidence: [
          ref(sysctl.file, 'net.netfilter.nf_conntrack_helper = 0', { line: sysctl.line }),
          ...(firewall ? [ref(firewall.source, 'no "-j CT --helper pptp" rule')] : []),
        ],
        remediation: 'iptables -t raw -A PREROUTING -p tcp --dport 1723 -j CT --helper pptp (preferred) or sysctl -w net.netfilter.nf_conntrack_helper=1.',
      });
    }
    if (findings.length === 0) {
      const unknown = NAT_HELPER_MODULES.map((h) => h.name).filter((m) => undetermined.has(m));
      if (unknown.length > 0) return { kind: 'not-evaluated', reason: `presence of ${unknown.join(', ')} could not be established` };
      return { kind: 'clear', basis: 'nf_conntrack_pptp and nf_nat_pptp present, helper assigned or not known to be off' };
    }
    return { kind: 'fired', findings };
  },
};
