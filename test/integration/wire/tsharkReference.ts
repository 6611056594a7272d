import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The counts the wire decoder must reproduce, computed from tshark's own dissection. */
export interface ReferenceCounts {
  packets: number;
  pptpMessages: Record<string, number>;
  grePackets: number;
  pppProtocols: Record<string, number>;
  calls: Array<{
    src: string;
    callId: number;
    packets: number;
    payloadBytes: number;
    withAck: number;
    lost: number;
    reordered: number;
    duplicates: number;
  }>;
  /** "OCRP:1" → count: result codes per message type; "error:0" for the general error codes. */
  pptpResults: Record<string, number>;
  /** Call IDs and peer call IDs carried by control messages, sorted. */
  pptpCallIds: number[];
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

const TYPE_NAMES = [
  '',
  'SCCRQ',
  'SCCRP',
  'StopCCRQ',
  'StopCCRP',
  'ECHORQ',
  'ECHORP',
  'OCRQ',
  'OCRP',
  'ICRQ',
  'ICRP',
  'ICCN',
  'CCRQ',
  'CDN',
  'WEN',
  'SLI',
];

const FIELDS = [
  'frame.number',
  'pptp.control_message_type',
  'gre.proto',
  'gre.key.call_id',
  'gre.sequence_number',
  'ppp.protocol',
  'ip.src',
  'ipv6.src',
  'frame.protocols',
  'gre.key.payload_length',
  'gre.ack_number',
  'pptp.control_result',
  'pptp.stop_result',
  'pptp.reason',
  'pptp.echo_result',
  'pptp.out_result',
  'pptp.in_result',
  'pptp.disc_result',
  'pptp.error',
  'pptp.call_id',
  'pptp.peer_call_id',
  'pptp.magic_cookie',
];

/** Which message type each tshark result field belongs to. */
const RESULT_FIELDS: Array<[string, string]> = [
  ['SCCRP', 'control_result'],
  ['StopCCRP', 'stop_result'],
  ['StopCCRQ', 'reason'],
  ['ECHORP', 'echo_result'],
  ['OCRP', 'out_result'],
  ['ICRP', 'in_result'],
  ['CDN', 'disc_result'],
];

export function tsharkAvailable(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every capture file under the given folders (recursively). */
export function findCaptures(roots: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (/\.(pcap|pcapng|cap)$/i.test(name)) out.push(path);
    }
  };
  for (const root of roots) walk(root);
  return out;
}

/** Sequence accounting over the complete list of numbers, the simple way (a Set). */
export function referenceSequenceCounts(seqs: number[]): {
  lost: number;
  reordered: number;
  duplicates: number;
} {
  const seen = new Set<number>();
  let first = -1;
  let max = -1;
  let lost = 0;
  let reordered = 0;
  let duplicates = 0;
  for (const s of seqs) {
    if (max < 0) {
      first = max = s;
      seen.add(s);
      continue;
    }
    if (seen.has(s)) {
      duplicates++;
      continue;
    }
    seen.add(s);
    const diff = (s - max) | 0;
    if (diff > 0) {
      lost += diff - 1;
      max = s;
    } else {
      reordered++;
      if (((s - first) | 0) < 0) first = s;
      else lost--;
    }
  }
  return { lost, reordered, duplicates };
}

export function tsharkCounts(file: string): ReferenceCounts {
  // TCP reassembly mode. Our decoder delivers each direction's bytes in order, waiting for
  // out-of-order segments and stepping over bytes a snap length cut off. tshark 4.0 needs one
  // mode or the other: with out-of-order reassembly on, a message whose first transmission the
  // capture never saw is still decoded from its retransmission (as we do), but a segment cut by
  // the snap length becomes a hole it waits on forever; with it off (the default) it is the
  // reverse. So: on, unless the capture holds records cut by the snap length.
  // (-c would count packets read, not packets matching: take the first line instead.)
  const sliced = execFileSync(
    'tshark',
    ['-n', '-r', file, '-Y', 'frame.cap_len < frame.len', '-T', 'fields', '-e', 'frame.number'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  ).trim();
  const args = [
    '-n',
    '-o',
    `tcp.reassemble_out_of_order:${sliced === '' ? 'TRUE' : 'FALSE'}`,
    '-r',
    file,
    '-T',
    'fields',
    '-E',
    'separator=|',
    '-E',
    'occurrence=a',
    '-E',
    'aggregator=,',
  ];
  for (const f of FIELDS) args.push('-e', f);
  const text = execFileSync('tshark', args, {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const counts: ReferenceCounts = {
    packets: 0,
    pptpMessages: {},
    grePackets: 0,
    pppProtocols: {},
    calls: [],
    pptpResults: {},
    pptpCallIds: [],
  };
  for (const name of TYPE_NAMES) if (name) counts.pptpMessages[name] = 0;
  const seqs = new Map<
    string,
    {
      src: string;
      callId: number;
      packets: number;
      payloadBytes: number;
      withAck: number;
      seqs: number[];
    }
  >();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    counts.packets++;
    const cols = line.split('|');
    const [
      ,
      pptp = '',
      greProto = '',
      callId = '',
      seq = '',
      ppp = '',
      ip4 = '',
      ip6 = '',
      layers = '',
      payloadLen = '',
      ack = '',
    ] = cols;
    const list = (name: string) => (cols[FIELDS.indexOf(name)] ?? '').split(',').filter(Boolean);
    RESULT_FIELDS.forEach(([type, field]) =>
      list(`pptp.${field}`).forEach((v) => bump(counts.pptpResults, `${type}:${Number(v)}`)),
    );
    list('pptp.error').forEach((v) => bump(counts.pptpResults, `error:${Number(v)}`));
    for (const id of [...list('pptp.call_id'), ...list('pptp.peer_call_id')])
      counts.pptpCallIds.push(Number(id));
    // Bytes on port 1723 without the magic cookie are not PPTP messages (tshark still shows them).
    const cookies = list('pptp.magic_cookie');
    for (const [i, t] of pptp.split(',').filter(Boolean).entries()) {
      if (cookies[i] !== undefined && Number(cookies[i]) !== 0x1a2b3c4d) continue;
      const name = TYPE_NAMES[Number(t)] ?? `unknown(${t})`;
      counts.pptpMessages[name] = (counts.pptpMessages[name] ?? 0) + 1;
    }
    // An ICMP error quoting a GRE packet is not a GRE packet of the tunnel (ICMP inside the
    // tunnel, after gre in the layer list, is just tunnelled traffic).
    const stack = layers.split(':');
    const greAt = stack.indexOf('gre');
    const icmpAt = stack.findIndex((l) => l === 'icmp' || l === 'icmpv6');
    if (greAt < 0 || (icmpAt >= 0 && icmpAt < greAt)) continue;
    if (greProto.split(',')[0] !== '0x880b') continue;
    counts.grePackets++;
    for (const p of ppp.split(',').filter(Boolean))
      counts.pppProtocols[p] = (counts.pppProtocols[p] ?? 0) + 1;
    const src = (ip4 || ip6).split(',')[0] ?? '';
    const id = Number(callId.split(',')[0]);
    const key = `${src}|${id}`;
    const flow = seqs.get(key) ?? {
      src,
      callId: id,
      packets: 0,
      payloadBytes: 0,
      withAck: 0,
      seqs: [],
    };
    flow.packets++;
    flow.payloadBytes += Number(payloadLen.split(',')[0] || 0);
    if (ack !== '') flow.withAck++;
    if (seq !== '') flow.seqs.push(Number(seq.split(',')[0]));
    seqs.set(key, flow);
  }
  for (const f of seqs.values()) {
    counts.calls.push({
      src: f.src,
      callId: f.callId,
      packets: f.packets,
      payloadBytes: f.payloadBytes,
      withAck: f.withAck,
      ...referenceSequenceCounts(f.seqs),
    });
  }
  counts.pptpCallIds.sort((a, b) => a - b);
  counts.calls.sort((a, b) => (a.src + a.callId).localeCompare(b.src + b.callId));
  return counts;
}
