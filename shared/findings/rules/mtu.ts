import type { EvidenceRef } from '../../model/evidence';
import { ref } from '../evidence';
import { PPTP_ENCAPSULATION_BYTES, RECOMMENDED_TUNNEL_MTU } from '../thresholds';
import type { Rule } from '../types';

/**
 * MTU mismatch / fragmentation. The recommended MTU is the guide's 1400, or the probed path
 * MTU inside the tunnel when that is smaller.
 */
export const mtuFragmentation: Rule = {
  id: 'mtu-fragmentation',
  title: 'MTU mismatch / fragmentation',
  uses: ['interfaces', 'wire', 'pathMtu', 'latency'],
  troubleshooting: 'drop-at-1450',
  evaluate({ interfaces, wire, pathMtu, latency, firewall }) {
    const tunnel = interfaces?.interfaces.find((i) => i.name === interfaces.tunnel);
    const probed = pathMtu?.largestPassingPacket ?? null;
    const recommended = probed !== null ? Math.min(RECOMMENDED_TUNNEL_MTU, probed) : RECOMMENDED_TUNNEL_MTU;
    const reportedMtu = latency?.report.reportedPathMtu ?? null;
    const judged: string[] = [];
    const problems: string[] = [];
    const evidence: EvidenceRef[] = [];

    if (tunnel && interfaces) {
      judged.push(`${tunnel.name} MTU ${tunnel.mtu}`);
      if (tunnel.mtu > recommended) {
        problems.push(`${tunnel.name} MTU is ${tunnel.mtu}, above the recommended ${recommended}`);
        evidence.push(ref(interfaces.source, `${tunnel.name}: mtu ${tunnel.mtu}`));
      }
    }
    if (wire) {
      judged.push(`${wire.fragments.count} fragmented GRE packets`);
      if (wire.fragments.count > 0) {
        problems.push(`${wire.fragments.count} GRE packets were IP-fragmented on the carrier`);
        evidence.push(ref(wire.source, `${wire.fragments.count} fragmented GRE packets${wire.largestGrePacket !== null ? `; largest GRE packet ${wire.largestGrePacket} bytes` : ''}`, { packet: wire.fragments.firstPacket }));
      }
    }
    if (pathMtu) {
      judged.push(probed !== null ? `probed path MTU ${probed}` : 'path-MTU probe with no passing size');
      const failing = pathMtu.smallestFailingPacket;
      if (tunnel && failing !== null && failing <= tunnel.mtu) {
        problems.push(`packets of ${failing} bytes with DF set do not cross the tunnel although ${tunnel.name} accepts ${tunnel.mtu}`);
        evidence.push(ref(pathMtu.source, `DF probe: largest passing ${probed ?? 'none'}, smallest failing ${failing}`, { line: pathMtu.line }));
      }
    }
    if (latency && reportedMtu !== null) {
      judged.push(`ping reported mtu ${reportedMtu}`);
      problems.push(`ping received "Frag needed"/"message too long" with mtu=${reportedMtu}`);
      evidence.push(ref(latency.source, `ping: path MTU reported as ${reportedMtu}`));
    }
    if (judged.length === 0) {
      return { kind: 'not-evaluated', reason: interfaces ? `tunnel ${interfaces.tunnel} is not in the interface list` : 'no tunnel MTU, capture or path-MTU probe' };
    }
    if (problems.length === 0) return { kind: 'clear', basis: judged.join('; ') };

    const clampMissing = firewall !== undefined && !firewall.audit.mssClamp;
    if (clampMissing) evidence.push(ref(firewall.source, 'no TCPMSS clamp rule'));
    const iface = tunnel?.name ?? interfaces?.tunnel ?? 'ppp0';
    return {
      kind: 'fired',
      findings: [
        {
          title: 'MTU mismatch causes fragmentation',
          severity: 'medium',
          summary: `${problems.join('; ')}. PPTP adds ${PPTP_ENCAPSULATION_BYTES} bytes or so per packet; above the path limit every full-size packet is fragmented or dropped, costing CPU on the controller and throughput.${clampMissing ? ' No TCP MSS clamping rule was found.' : ''}`,
          evidence,
          remediation: `Set the tunnel MTU to ${recommended}${probed !== null && probed < RECOMMENDED_TUNNEL_MTU ? ' (the probed path MTU)' : ''}: ip link set dev ${iface} mtu ${recommended}, and "mtu ${recommended}" / "mru ${recommended}" in the pppd options; clamp TCP MSS: iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu.`,
        },
      ],
    };
  },
};
