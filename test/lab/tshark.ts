// Thin tshark wrapper for the lab tests: what does Wireshark's dissector see?
import { execFileSync } from 'node:child_process';

/**
 * Rows of field values for packets matching a display filter. `occurrence`
 * picks which instance of a repeated field (e.g. ip.src of a tunnelled packet:
 * 'f' = outer, 'l' = inner, 'a' = all, comma-joined).
 */
export function tsharkFields(
  pcap: string,
  displayFilter: string,
  fields: string[],
  occurrence: 'f' | 'l' | 'a' = 'f',
): string[][] {
  const args = [
    '-r',
    pcap,
    '-n',
    '-T',
    'fields',
    '-E',
    'separator=\t',
    '-E',
    `occurrence=${occurrence}`,
  ];
  if (displayFilter) args.push('-Y', displayFilter);
  for (const f of fields) args.push('-e', f);
  const out = execFileSync('tshark', args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** Number of packets matching a display filter. */
export function tsharkCount(pcap: string, displayFilter: string): number {
  return tsharkFields(pcap, displayFilter, ['frame.number']).length;
}

/** PPP protocol numbers (as tshark prints them, e.g. "0x0021") with counts. */
export function pppProtocols(pcap: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [proto] of tsharkFields(pcap, 'ppp', ['ppp.protocol'])) {
    if (!proto) continue;
    counts.set(proto, (counts.get(proto) ?? 0) + 1);
  }
  return counts;
}

/**
 * PPTP control message types in order (RFC 2637: 1 Start-Control-Connection-Request,
 * 2 -Reply, 7 Outgoing-Call-Request, 8 -Reply, 12 Call-Clear-Request, ...).
 */
export function pptpControlTypes(pcap: string): number[] {
  return tsharkFields(pcap, 'pptp', ['pptp.control_message_type']).map(([t]) => Number(t));
}

/** GRE sequence numbers per direction ("src>dst"), in capture order. */
export function greSequences(pcap: string): Map<string, number[]> {
  const byDir = new Map<string, number[]>();
  for (const [src, dst, seq] of tsharkFields(pcap, 'gre && gre.sequence_number', [
    'ip.src',
    'ip.dst',
    'gre.sequence_number',
  ])) {
    const key = `${src}>${dst}`;
    const list = byDir.get(key) ?? [];
    list.push(Number(seq));
    byDir.set(key, list);
  }
  return byDir;
}
