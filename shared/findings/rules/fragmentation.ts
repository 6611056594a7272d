import { ref, round } from '../evidence';
import { RECOMMENDED_TUNNEL_MTU } from '../thresholds';
import type { Rule } from '../types';

/**
 * Share of the tunnel's GRE packets that crossed the carrier as outer IP fragments at or above
 * which the fragmentation is systematic (medium), not incidental (low).
 *
 * Why 1 %: when the tunnel MTU fits the carrier, a packet fragments only by accident (a
 * hand-made oversize probe, a path that shrank for a moment), a vanishing share of a working
 * tunnel's traffic. When it does not fit, every full-size packet fragments, and a share of
 * 1 % is already one full-size packet per hundred — any file transfer, historian backfill or
 * firmware push pushes it far higher (the lab's `fragmented` capture: 36 %, `shaped`: 56 %).
 * Each such packet costs the carrier a second IP header, the receiving end a reassembly, and
 * is lost whenever either piece is (RFC 8900: fragmentation is fragile); NAT devices and
 * firewalls that drop non-first fragments turn it into a black hole for full-size packets.
 */
export const MATERIAL_FRAGMENTED_SHARE = 0.01;

/** Outer IP fragmentation of the tunnel's own GRE stream, measured on the wire. */
export const tunnelFragmentation: Rule = {
  id: 'tunnel-fragmentation',
  title: 'Tunnel traffic fragmented on the carrier',
  uses: ['wire'],
  troubleshooting: 'drop-at-1450',
  evaluate({ wire, pathMtu }) {
    if (!wire) return { kind: 'not-evaluated', reason: 'no capture' };
    const f = wire.fragmentation;
    if (!f) return { kind: 'not-evaluated', reason: 'the capture facts carry no fragmentation accounting (recorded by an older version)' };
    if (f.grePackets === 0 && f.fragmentedDatagrams === 0) return { kind: 'not-evaluated', reason: 'no PPTP GRE packets in the capture' };
    const share = f.share ?? 0;
    const percent = round(share * 100, 1);
    const lost = f.expired + f.incomplete;
    if (f.greFragmented === 0 && lost === 0)
      return { kind: 'clear', basis: `none of ${f.grePackets} GRE packets arrived in IP fragments` };

    const probed = pathMtu?.largestPassingPacket ?? null;
    const recommended = probed !== null ? Math.min(RECOMMENDED_TUNNEL_MTU, probed) : RECOMMENDED_TUNNEL_MTU;
    const material = share >= MATERIAL_FRAGMENTED_SHARE;
    const largest = wire.largestGrePacket !== null ? `; largest GRE datagram ${wire.largestGrePacket} bytes` : '';
    const lostText =
      lost > 0
        ? ` ${lost} fragmented datagram(s) never completed (${f.expired} given up after 60 s, ${f.incomplete} still missing a piece at the end of the capture): a lost piece loses the whole packet.`
        : '';
    return {
      kind: 'fired',
      findings: [
        {
          title: material ? 'Tunnel packets are fragmented on the carrier' : 'Occasional fragmentation of tunnel packets',
          severity: material ? 'medium' : 'low',
          summary:
            `${f.greFragmented} of ${f.grePackets} GRE packets (${percent}%) crossed the carrier as outer IP fragments (${f.reassembled} datagrams reassembled).${lostText} ` +
            (material
              ? 'Full-size packets in the tunnel do not fit the carrier once PPTP adds its headers: every one is split in two, costing a second header, a reassembly at the far end, and the whole packet whenever either piece is lost or filtered.'
              : `Below ${MATERIAL_FRAGMENTED_SHARE * 100}% of the GRE packets: oversize packets do cross the tunnel now and then, but bulk traffic did not fragment in this capture.`),
          evidence: [
            ref(wire.source, `${f.greFragmented} of ${f.grePackets} GRE packets (${percent}%) arrived as IP fragments; ${f.fragmentedDatagrams} fragmented datagrams, ${f.reassembled} reassembled, ${f.expired} expired${largest}`, {
              packet: f.firstPacket,
            }),
          ],
          remediation:
            `Lower the PPP MTU and MRU to ${recommended}${probed !== null && probed < RECOMMENDED_TUNNEL_MTU ? ' (the probed path MTU)' : ''} on both ends ("mtu ${recommended}" and "mru ${recommended}" in the pppd options, e.g. /etc/ppp/options.pptpd) so a full tunnel packet plus the PPTP encapsulation fits the carrier, ` +
            'and clamp TCP MSS to the path: iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu.',
        },
      ],
    };
  },
};
