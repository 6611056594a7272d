import type { EvidenceRef } from '../../model/evidence';
import { ref } from '../evidence';
import { PPTP_ENCAPSULATION_BYTES, PPTP_MIN_OUTER_OVERHEAD, RECOMMENDED_TUNNEL_MTU } from '../thresholds';
import type { Rule } from '../types';
import { readFirewall } from './firewallRead';

/**
 * MTU mismatch: the tunnel interface offers packets the path inside the tunnel does not carry.
 * Judged on the product's own DF probe (and ping's "Frag needed"), never on the interface MTU
 * alone: a 1500-byte tunnel MTU is a mismatch only if 1500-byte packets fail. Fragmentation of
 * the GRE datagrams on the carrier is the capture's finding (tunnel-fragmentation).
 */
export const mtuFragmentation: Rule = {
  id: 'mtu-fragmentation',
  title: 'MTU mismatch',
  uses: ['interfaces', 'pathMtu', 'latency'],
  troubleshooting: 'drop-at-1450',
  evaluate({ interfaces, pathMtu, latency, firewall: firewallFacts, wire }) {
    const firewall = readFirewall(firewallFacts);
    const tunnel = interfaces?.interfaces.find((i) => i.name === interfaces.tunnel);
    const probed = pathMtu?.largestPassingPacket ?? null;
    const recommended = probed !== null ? Math.min(RECOMMENDED_TUNNEL_MTU, probed) : RECOMMENDED_TUNNEL_MTU;
    const reportedMtu = latency?.report.reportedPathMtu ?? null;
    const judged: string[] = [];
    const problems: string[] = [];
    const evidence: EvidenceRef[] = [];

    // Both MTUs from the interface list: the tunnel's packets plus PPTP's least overhead against
    // what the carrier can send unfragmented.
    // When the capture saw the fragments, that finding (tunnel-fragmentation) states it with its
    // measured share: not twice. A capture without full-size packets shows nothing either way.
    const carrier = interfaces?.carrier ? interfaces.interfaces.find((i) => i.name === interfaces.carrier) : undefined;
    let carrierTooSmall = false;
    if (tunnel && carrier && carrier.name !== tunnel.name && interfaces && !((wire?.fragmentation?.greFragmented ?? 0) > 0)) {
      judged.push(`${tunnel.name} MTU ${tunnel.mtu} over ${carrier.name} MTU ${carrier.mtu}`);
      if (tunnel.mtu + PPTP_MIN_OUTER_OVERHEAD > carrier.mtu) {
        carrierTooSmall = true;
        problems.push(`${tunnel.name} sends up to ${tunnel.mtu} bytes, which with at least ${PPTP_MIN_OUTER_OVERHEAD} bytes of PPTP encapsulation exceed ${carrier.name}'s MTU of ${carrier.mtu}: full-size tunnel packets are fragmented on the carrier`);
        evidence.push(ref(interfaces.source, `${tunnel.name}: mtu ${tunnel.mtu}`), ref(interfaces.source, `${carrier.name}: mtu ${carrier.mtu}`));
      }
    }
    // A probe where no size passed (the peer did not answer at all) says nothing about the MTU.
    if (pathMtu && probed !== null) {
      const failing = pathMtu.smallestFailingPacket;
      if (tunnel && interfaces) {
        judged.push(`DF probe: ${probed}-byte packets pass, ${tunnel.name} MTU ${tunnel.mtu}`);
        if (failing !== null && failing <= tunnel.mtu) {
          problems.push(`packets of ${failing} bytes with DF set do not cross the tunnel although ${tunnel.name} sends up to ${tunnel.mtu}`);
          if (!evidence.some((e) => e.excerpt === `${tunnel.name}: mtu ${tunnel.mtu}`)) evidence.push(ref(interfaces.source, `${tunnel.name}: mtu ${tunnel.mtu}`));
          evidence.push(ref(pathMtu.source, `DF probe: largest passing ${probed}, smallest failing ${failing}`, { line: pathMtu.line }));
        }
      } else {
        judged.push(`DF probe: ${probed}-byte packets pass (tunnel MTU unknown)`);
      }
    }
    if (latency && reportedMtu !== null) {
      judged.push(`ping reported mtu ${reportedMtu}`);
      problems.push(`ping received "Frag needed"/"message too long" with mtu=${reportedMtu}`);
      evidence.push(ref(latency.source, `ping: path MTU reported as ${reportedMtu}`));
    }
    if (judged.length === 0) {
      return { kind: 'not-evaluated', reason: 'no carrier MTU, answered path-MTU probe or "Frag needed" reply: a tunnel MTU alone shows no mismatch' };
    }
    if (problems.length === 0) return { kind: 'clear', basis: judged.join('; ') };

    const clampMissing = firewall !== undefined && !firewall.audit.mssClamp;
    if (clampMissing) evidence.push(ref(firewall.source, 'no TCPMSS clamp rule'));
    const iface = tunnel?.name ?? interfaces?.tunnel ?? 'ppp0';
    return {
      kind: 'fired',
      findings: [
        {
          title: carrierTooSmall && problems.length === 1 ? 'MTU mismatch: the tunnel MTU does not fit the carrier' : 'MTU mismatch: full-size tunnel packets do not pass',
          severity: 'medium',
          summary: `${problems.join('; ')}. PPTP adds ${PPTP_ENCAPSULATION_BYTES} bytes or so per packet; above the path limit every full-size packet is dropped or fragmented, stalling transfers and costing CPU on the controller.${clampMissing ? ' No TCP MSS clamping rule was found.' : ''}`,
          evidence,
          remediation: `Set the tunnel MTU to ${recommended}${probed !== null && probed < RECOMMENDED_TUNNEL_MTU ? ' (the probed path MTU)' : ''}: ip link set dev ${iface} mtu ${recommended}, and "mtu ${recommended}" / "mru ${recommended}" in the pppd options; clamp TCP MSS: iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu.`,
        },
      ],
    };
  },
};
