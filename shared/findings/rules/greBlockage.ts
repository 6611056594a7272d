import type { EvidenceRef } from '../../model/evidence';
import { ref } from '../evidence';
import { NAT_HELPER_MODULES } from '../thresholds';
import type { TroubleshootingRowId } from '../troubleshootingMatrix';
import type { Rule } from '../types';
import { readFirewall } from './firewallRead';
import { decisionText, ruleRefText } from './firewallText';
import { missingNatHelpers } from './moduleLookup';

/**
 * GRE blockage: the control channel works while the GRE data channel is absent, one-way,
 * timing out, or cut mid-session (pppd's LCP echo failures). The rule fires only on a symptom, then names every root cause the collected
 * facts can show (missing NAT helper, helper not assigned, no ACCEPT for protocol 47).
 */
export const greBlockage: Rule = {
  id: 'gre-blockage',
  title: 'GRE blockage',
  uses: ['wire', 'logs'],
  troubleshooting: 'gre-blockage',
  evaluate({ wire, logs, modules, firewall: firewallFacts }) {
    const firewall = readFirewall(firewallFacts);
    const symptoms: string[] = [];
    const evidence: EvidenceRef[] = [];
    let row: TroubleshootingRowId = 'gre-blockage';

    const controlUp = wire !== undefined && (wire.control.controlEstablished || wire.control.callEstablished);
    if (wire && controlUp) {
      const { toServer, toClient } = wire.gre;
      if (toServer + toClient === 0) {
        symptoms.push('control channel up but no GRE packet at all');
        evidence.push(ref(wire.source, 'PPTP control connection established on TCP 1723; 0 GRE packets in the capture', { packet: wire.control.firstPacket }));
      } else if (toServer === 0 || toClient === 0) {
        symptoms.push(`GRE one-way (${toServer} to the server, ${toClient} to the client)`);
        evidence.push(
          ref(wire.source, `GRE one-way: ${toServer} packets client→server, ${toClient} server→client${wire.lcpUnansweredConfigureRequests > 0 ? `; ${wire.lcpUnansweredConfigureRequests} LCP Configure-Requests unanswered` : ''}`, {
            packet: wire.gre.firstPacket,
          }),
        );
      }
    }
    const lcpTimeouts = logs?.events.filter((e) => e.kind === 'lcp-timeout') ?? [];
    if (lcpTimeouts.length > 0) {
      symptoms.push(`${lcpTimeouts.length} "LCP: timeout sending Config-Requests"`);
      evidence.push(...lcpTimeouts.slice(0, 5).map((e) => ref(e.file, e.text, { line: e.line })));
      row = 'lcp-timeout';
    }
    // GRE cut mid-session: LCP is up, so pppd does not time out Config-Requests; its keepalive
    // (lcp-echo-interval / lcp-echo-failure) gets no reply and it drops the link.
    const echoFailures = logs?.events.filter((e) => e.kind === 'echo-failure') ?? [];
    if (echoFailures.length > 0) {
      symptoms.push(`${echoFailures.length} session${echoFailures.length > 1 ? 's' : ''} dropped mid-way on LCP echo failure ("${echoFailures[0]?.text}")`);
      evidence.push(...echoFailures.slice(0, 5).map((e) => ref(e.file, e.text, { line: e.line })));
    }
    const errors619 = logs?.events.filter((e) => e.kind === 'error-619') ?? [];
    if (errors619.length > 0) {
      symptoms.push(`${errors619.length} error 619`);
      evidence.push(...errors619.slice(0, 5).map((e) => ref(e.file, e.text, { line: e.line })));
      if (row === 'gre-blockage') row = 'error-619';
    }

    if (symptoms.length === 0) {
      if (!wire && !logs) return { kind: 'not-evaluated', reason: 'neither a capture nor logs' };
      if (!controlUp && !logs) return { kind: 'not-evaluated', reason: 'no established PPTP control connection in the capture and no logs' };
      const seen = [controlUp ? 'GRE flows both ways while the control channel is up' : null, logs ? 'no LCP timeout, LCP echo failure or 619 error in the logs' : null];
      return { kind: 'clear', basis: seen.filter(Boolean).join('; ') };
    }

    const causes: string[] = [];
    if (modules?.gateway?.isGateway) {
      const missing = missingNatHelpers(modules, NAT_HELPER_MODULES);
      if (missing.length > 0) {
        causes.push(`this gateway lacks the PPTP NAT helper module(s) ${missing.join(', ')}`);
        evidence.push(ref(modules.source, `${missing.join(', ')} neither loaded nor built in`));
        if (row === 'gre-blockage') row = 'error-619';
      }
    }
    if (modules?.conntrackHelperSysctl && modules.conntrackHelperSysctl.value === 0 && firewall && !firewall.audit.helper.assigned) {
      causes.push('net.netfilter.nf_conntrack_helper=0 and no "-j CT --helper pptp" rule: the helper is never attached to TCP 1723');
      evidence.push(ref(modules.conntrackHelperSysctl.file, 'net.netfilter.nf_conntrack_helper = 0', { line: modules.conntrackHelperSysctl.line }));
    }
    if (firewall) {
      const gre = firewall.audit.gre;
      if (gre.status === 'dropped') {
        const refusing = gre.decisions.filter((d) => d.decision.verdict !== 'accept');
        causes.push(`the firewall drops GRE (IP protocol 47)${refusing[0] ? ` (${decisionText(refusing[0])})` : ''}: no iptables ACCEPT for protocol 47 before it`);
        evidence.push(...(refusing.length > 0 ? refusing.map((d) => ref(firewall.source, decisionText(d))) : [ref(firewall.source, 'GRE (protocol 47) is not accepted')]));
        row = 'lcp-timeout';
      } else if (gre.status === 'accepted-if-related' && !firewall.audit.helper.assigned) {
        causes.push('GRE is accepted only as RELATED traffic, which needs the PPTP conntrack helper, and no rule assigns it');
        evidence.push(ref(firewall.source, 'GRE accepted only by a RELATED rule; no "-j CT --helper pptp" rule'));
      }
      for (const s of gre.shadowed) {
        causes.push(`a GRE ACCEPT rule is dead: it comes after a catch-all ${s.catchAll.text}`);
        evidence.push(ref(firewall.source, `${ruleRefText(s.accept)} (after ${ruleRefText(s.catchAll)})`));
      }
    }
    const onlyEchoFailures = echoFailures.length > 0 && symptoms.length === 1;
    // A firewall that could not be judged is no evidence that this host passes GRE.
    const unjudged = firewallFacts?.notEvaluated !== undefined ? ` This host's firewall was not evaluated (${firewallFacts.notEvaluated}): it may drop GRE itself.` : '';
    const causeText =
      causes.length > 0
        ? `Root cause${causes.length > 1 ? 's' : ''} seen on this host: ${causes.join('; ')}.${unjudged}`
        : unjudged !== ''
          ? `No cause is visible in what was read.${unjudged}`
          : `No cause is visible on this host: the GRE packets are most likely dropped by an upstream NAT router, firewall or the ISP (protocol 47 not passed)${onlyEchoFailures ? ', or the peer vanished without closing the call (LCP echo failures alone cannot tell the two apart)' : ''}.`;
    return {
      kind: 'fired',
      findings: [
        {
          title: 'GRE data channel blocked',
          severity: 'high',
          summary: `${symptoms.join('; ')}. ${causeText}`,
          evidence,
          remediation:
            'Allow IP protocol 47 in INPUT (and FORWARD on a gateway): iptables -A INPUT -p 47 -j ACCEPT; on Linux NAT load nf_conntrack_pptp and nf_nat_pptp and attach the helper (iptables -t raw -A PREROUTING -p tcp --dport 1723 -j CT --helper pptp); enable GRE/PPTP pass-through on upstream routers.',
          troubleshooting: row,
        },
      ],
    };
  },
};
