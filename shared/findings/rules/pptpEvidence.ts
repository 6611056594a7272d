import type { EvidenceRef } from '../../model/evidence';
import { PPP_NAME } from '../../model/ifaceName';
import type { AuditFacts } from '../facts';
import { ref } from '../evidence';


export interface PptpEvidence {
  /** Each a fact that shows PPTP itself, not a name: a finding may rest on these. */
  proof: EvidenceRef[];
  /** A ppp-named interface with nothing else to show what it carries. */
  nameOnly: EvidenceRef | null;
}

/**
 * What the audit holds that shows PPTP is in use. A `ppp*` name is not evidence: anything can
 * be named ppp0 (a veth, a TUN). Proof is a real PPP link (link type ppp, POINTOPOINT) together
 * with a pppd/pptpd process, a TCP 1723 listener, PPTP on the wire, or pppd/pptpd log lines.
 */
export function pptpEvidence({ interfaces, processes, listeners, wire, logs }: AuditFacts): PptpEvidence {
  const proof: EvidenceRef[] = [];
  let nameOnly: EvidenceRef | null = null;
  const daemons = processes?.pptp ?? [];
  const tunnel = interfaces?.interfaces.find((i) => i.name === interfaces.tunnel);
  if (interfaces && tunnel) {
    const addr = tunnel.addresses.find((a) => a.family === 'inet');
    const line = `${tunnel.name}: <${tunnel.flags.join(',')}> mtu ${tunnel.mtu} link/${tunnel.linkType}${addr ? ` inet ${addr.local}${addr.peer ? ` peer ${addr.peer}` : ''}` : ''}`;
    const pppLink = tunnel.linkType === 'ppp' && tunnel.flags.includes('POINTOPOINT');
    if (pppLink && daemons.length > 0 && processes) {
      proof.push(ref(interfaces.source, line));
      const d = daemons[0]!;
      proof.push(ref(processes.source, `${d.pid} ${d.name}`, { line: d.line }));
    } else if (PPP_NAME.test(tunnel.name)) {
      nameOnly = ref(interfaces.source, line);
    }
  }
  const control = listeners?.pptpControl;
  if (listeners && control) {
    proof.push(ref(listeners.source, `LISTEN ${control.address}:1723 ${control.processes.join(',')}`.trim(), { line: control.line }));
  }
  if (wire && (wire.control.connections > 0 || wire.gre.toServer + wire.gre.toClient > 0)) {
    proof.push(
      ref(wire.source, `${wire.control.connections} PPTP control connection(s) on TCP 1723, ${wire.gre.toServer + wire.gre.toClient} GRE packets`, {
        packet: wire.control.firstPacket ?? wire.gre.firstPacket,
      }),
    );
  }
  const firstLog = logs?.events[0];
  if (firstLog) proof.push(ref(firstLog.file, firstLog.text, { line: firstLog.line }));
  return { proof, nameOnly };
}
