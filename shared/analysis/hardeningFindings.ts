import type {
  FirewallAudit,
  HardeningFinding,
  PppSecurityPosture,
  RuleRef,
} from '../model/hardening';
import type { ThermalAssessment } from '../model/sensors';

const where = (r: RuleRef) =>
  `${r.table}/${r.chain}${r.position !== null ? ` rule ${r.position}` : ''}: ${r.text}`;

/** Findings of the firewall check (TCP 1723 exposure, GRE acceptance and order, helper, MSS). */
export function firewallFindings(audit: FirewallAudit): HardeningFinding[] {
  const out: HardeningFinding[] = [];
  const cp = audit.controlPort;
  if (cp.status === 'open-to-any' || cp.status === 'no-filter') {
    const by = cp.decisions.find((d) => d.hook === 'input')?.decision.by;
    out.push({
      id: 'pptp-control-open',
      severity: 'high',
      title: 'TCP 1723 (PPTP control) is reachable from any source',
      detail:
        cp.status === 'no-filter'
          ? 'No INPUT filtering is configured: every address on the network can reach pptpd.'
          : `A new TCP connection to port 1723 from an arbitrary address is accepted (${by ? where(by) : 'policy'}).`,
      remediation:
        'Restrict TCP 1723 to the known client addresses, e.g. iptables -A INPUT -p tcp --dport 1723 -s <client> -j ACCEPT followed by a DROP for port 1723.',
    });
  }
  for (const s of audit.gre.shadowed) {
    out.push({
      id: 'gre-accept-after-catch-all',
      severity: 'high',
      title: 'GRE ACCEPT comes after a catch-all DROP/REJECT: it never matches',
      detail: `${where(s.accept)} is placed after ${where(s.catchAll)}. Rules are evaluated in order, so protocol 47 is rejected first.`,
      remediation: `Move the GRE rule above the catch-all (iptables -I ${s.accept.chain} ${s.catchAll.position ?? 1} -p gre -j ACCEPT) and delete the dead rule.`,
    });
  }
  if (audit.gre.status === 'dropped') {
    const by = audit.gre.decisions.find((d) => d.hook === 'input')?.decision.by;
    out.push({
      id: 'gre-blocked',
      severity: 'high',
      title: 'GRE (IP protocol 47) is not accepted: the data channel is blocked',
      detail: `A GRE packet from a client is ${by ? `stopped by ${where(by)}` : 'dropped'}. The control connection can come up while no data flows ("LCP: timeout sending Config-Requests", error 619).`,
      remediation:
        'Accept protocol 47 from the PPTP clients before any catch-all rule (iptables -A INPUT -p gre -s <client> -j ACCEPT), or rely on RELATED with the pptp conntrack helper assigned.',
    });
  }
  if (audit.gre.forwardStatus === 'dropped' && audit.gre.status !== 'dropped') {
    const by = audit.gre.decisions.find((d) => d.hook === 'forward')?.decision.by;
    out.push({
      id: 'gre-blocked-forward',
      severity: 'medium',
      title: 'GRE is not forwarded: a PPTP server behind this host gets no data channel',
      detail: `GRE passing through is ${by ? `stopped by ${where(by)}` : 'dropped'}. This matters when the host is a gateway in front of a PPTP server or clients.`,
      remediation:
        'On a gateway: accept forwarded GRE of the PPTP peers (iptables -A FORWARD -p gre -s <peer> -j ACCEPT) or attach the pptp helper and accept RELATED.',
    });
  }
  if (!audit.helper.assigned) {
    out.push({
      id: 'pptp-helper-not-assigned',
      severity: audit.gre.status === 'dropped' ? 'high' : 'medium',
      title: 'No conntrack helper is assigned to PPTP',
      detail:
        'No rule sets the pptp helper (-j CT --helper pptp / ct helper set). Since Linux 6.0 helpers are never assigned automatically (net.netfilter.nf_conntrack_helper is gone), so a NAT gateway cannot track or translate the GRE calls.',
      remediation:
        'On the gateway: iptables -t raw -A PREROUTING -p tcp --dport 1723 -j CT --helper pptp (nft: ct helper object of type "pptp" and "tcp dport 1723 ct helper set").',
    });
  }
  if (!audit.mssClamp) {
    out.push({
      id: 'no-mss-clamp',
      severity: 'low',
      title: 'No TCP MSS clamping',
      detail:
        'Without clamping, TCP sessions through the tunnel start with an MSS sized for 1500-byte links and rely on path-MTU discovery, which GRE paths often break.',
      remediation:
        'iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
    });
  }
  return out;
}

/** Findings from the pppd options the server runs with. */
export function pppFindings(file: string, posture: PppSecurityPosture): HardeningFinding[] {
  const out: HardeningFinding[] = [];
  if (!posture.authRequired) {
    out.push({
      id: 'ppp-no-auth',
      severity: 'critical',
      title: 'pppd does not require the peer to authenticate',
      detail: `${file}: neither "auth" nor any require-* option is set (or "noauth" is).`,
      remediation:
        'Add "auth" and "require-mschap-v2" (and plan the migration: MS-CHAPv2 itself is broken).',
    });
  }
  if (posture.mppeDisabled || !posture.mppeRequired) {
    out.push({
      id: 'ppp-cleartext-allowed',
      severity: 'critical',
      title: posture.mppeDisabled
        ? 'Encryption is switched off (nomppe/noccp)'
        : 'MPPE is not required: sessions may run in cleartext',
      detail: `${file}: ${posture.mppeDisabled ? 'nomppe or noccp disables MPPE' : 'no require-mppe option'}; any peer that does not offer MPPE gets an unencrypted tunnel.`,
      remediation: 'Set "require-mppe-128" and remove nomppe/noccp.',
    });
  }
  if (posture.mppeAllowed.some((b) => b < 128)) {
    out.push({
      id: 'ppp-weak-mppe',
      severity: 'high',
      title: `Weak MPPE key lengths allowed (${posture.mppeAllowed.filter((b) => b < 128).join('/')}-bit)`,
      detail: `${file}: 40/56-bit RC4 keys can be negotiated.`,
      remediation: 'Use "require-mppe-128" (or nomppe-40).',
    });
  }
  if (posture.statefulAllowed) {
    out.push({
      id: 'ppp-stateful-mppe',
      severity: 'medium',
      title: 'Stateful MPPE allowed',
      detail: `${file}: mppe-stateful lets one lost packet desynchronise RC4 until the next reset; stateless is the safer choice on lossy links.`,
      remediation: 'Remove "mppe-stateful".',
    });
  }
  const legacy = posture.authAccepted.filter((p) => p === 'pap' || p === 'chap' || p === 'mschap');
  if (legacy.length > 0) {
    out.push({
      id: 'ppp-legacy-auth',
      severity: legacy.includes('pap') ? 'critical' : 'high',
      title: `Legacy authentication accepted: ${legacy.join(', ').toUpperCase()}`,
      detail: `${file}: ${legacy.includes('pap') ? 'PAP sends the password in cleartext; ' : ''}CHAP-MD5 and MS-CHAPv1 give no MPPE keys or are trivially cracked.`,
      remediation: 'Add refuse-pap, refuse-chap, refuse-mschap and require-mschap-v2.',
    });
  }
  if (posture.authAccepted.includes('mschap-v2')) {
    out.push({
      id: 'ppp-mschapv2',
      severity: 'high',
      title: 'MS-CHAPv2 is the authentication method',
      detail:
        'A captured MS-CHAPv2 handshake reduces to a single DES key search: the password hash can be recovered offline. This is inherent to PPTP.',
      remediation:
        'Long random secrets (32+ characters) slow dictionary attacks; only migration to WireGuard or IKEv2 fixes it.',
    });
  }
  for (const problem of posture.problems) {
    out.push({
      id: 'ppp-inconsistent',
      severity: 'medium',
      title: 'Contradictory pppd options',
      detail: `${file}: ${problem}`,
      remediation: 'Remove the contradicting option.',
    });
  }
  return out;
}

export function thermalFindings(assessment: ThermalAssessment): HardeningFinding[] {
  return assessment.hot.map(({ reading, status }) => ({
    id: 'thermal-stress',
    severity: status === 'critical' ? 'high' : 'medium',
    title: `${reading.chip} ${reading.label} at ${reading.inputC.toFixed(1)} °C (${status})`,
    detail: `Limits: high ${reading.highC ?? '-'} °C, crit ${reading.critC ?? '-'} °C${reading.alarm ? ', alarm raised' : ''}. MPPE runs on one core; sustained tunnel load heats it.`,
    remediation:
      'Check cooling and load; spread tunnels or migrate to a protocol that uses several cores.',
  }));
}
