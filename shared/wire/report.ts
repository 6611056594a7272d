import { hex16 } from './bytes';
import type { CaptureDamage, CaptureFormat } from './captureReader';
import type { GreFlow } from './greFlow';
import { PPP_PROTOCOL_NAMES, type AuthProtocol, type PptpMessageName } from './names';
import { codeCountsByName, type AuthUser, type MppeOption, type PppEvent } from './pppNegotiation';
import type { CallInfo, ControlConnectionInfo } from './pptpControlState';
import type { PptpMessage } from './pptpMessage';
import type { TcpStats } from './tcpReassembly';
import { judgeBlockage } from './verdicts/blockage';
import { judgeEncryption, type EncryptionVerdict } from './verdicts/encryption';
import { SIZE_BUCKETS, type SkipCounters, type WireDecoder } from './wireDecoder';

export interface GreCallReport {
  callId: number;
  src: string;
  dst: string;
  packets: number;
  bytes: number;
  payloadBytes: number;
  dataPackets: number;
  ackOnly: number;
  withSeq: number;
  withAck: number;
  firstSeq: number | null;
  lastSeq: number | null;
  lost: number;
  reordered: number;
  duplicates: number;
  /** lost / (received with a sequence number + lost), in percent. */
  lossPercent: number;
  sequenceResets: number;
  ackLag: { max: number; mean: number; samples: number } | null;
  encryptedFrames: number;
  cleartextFrames: number;
  mppe: { flushed: number; encryptedBit: number; compressedBit: number; coherencyJumps: number };
  firstTime: number;
  lastTime: number;
}

export interface OverheadBucket {
  label: string;
  packets: number;
  payloadBytes: number;
  overheadBytes: number;
  ratio: number | null;
}

export interface MppeReport {
  /** Key lengths agreed (CCP Configure-Ack) or, when no Ack was seen, offered. */
  bits: number[];
  source: 'agreed' | 'offered';
  offered: number[];
  agreed: number[] | null;
  /** Stateless (H bit) agreed or, without an Ack, offered. */
  stateless: boolean;
  /** Stateless seen in the data: every MPPE frame had the flushed bit. */
  statelessObserved: boolean | null;
  compression: boolean;
  /** The peer rejected MPPE (CCP Configure-Reject or LCP Protocol-Reject of CCP). */
  refused: boolean;
}

export interface WireReport {
  capture: {
    format: CaptureFormat | null;
    linkTypes: number[];
    bytesRead: number;
    records: number;
    slicedRecords: number;
    firstTime: number | null;
    lastTime: number | null;
    durationSeconds: number;
  };
  packets: number;
  status: { complete: boolean; damage: CaptureDamage | null; warnings: string[] };
  skipped: SkipCounters & {
    total: number;
    unsupportedLinkTypes: number[];
    fragmentsPending: number;
  };
  otherPackets: number;
  /** Packets decoded only in part: PPTP GRE whose PPP frame was cut short. */
  partial: { pppTruncated: number };
  pptp: {
    messages: Record<PptpMessageName, number>;
    unknownMessages: number;
    total: number;
    lengthMismatches: number;
    truncatedMessages: number;
    tcp: TcpStats & { segmentsTo1723: number };
    connections: ControlConnectionInfo[];
    calls: CallInfo[];
    log: PptpMessage[];
    logDropped: number;
  };
  gre: {
    packets: number;
    bytes: number;
    nonPptpGre: number;
    icmpUnreachable: number;
    /** PPTP GRE packets that arrived as outer IP fragments (reassembled). */
    fromFragments: number;
    calls: GreCallReport[];
  };
  ip: {
    v4: number;
    v6: number;
    /** Outer IP fragments of GRE and TCP datagrams. */
    fragments: number;
    /** Distinct datagrams that arrived in fragments. */
    fragmentedDatagrams: number;
    /** Of those, put back together (each then counted once as the packet it carried). */
    reassembled: number;
    /** Datagrams given up: a piece still missing 60 s after the first, or the table was full. */
    fragmentsExpired: number;
  };
  ppp: {
    frames: number;
    protocols: Record<string, number>;
    protocolNames: Record<string, string>;
    acfcFrames: number;
    pfcFrames: number;
    codes: Record<string, number>;
    events: PppEvent[];
    eventsDropped: number;
  };
  lcp: {
    configureRequests: number;
    configureAcks: number;
    echoRequests: number;
    echoReplies: number;
    terminateRequests: number;
    mru: number[];
    acfc: boolean;
    pfc: boolean;
  };
  encryption: {
    verdict: EncryptionVerdict;
    encryptedFrames: number;
    cleartextFrames: number;
    /** MPPE frames whose header lacks the encrypted bit: compressed only, readable. */
    mppeFramesWithoutEncryptedBit: number;
    explanation: string;
  };
  auth: {
    protocol: AuthProtocol | 'none' | null;
    offered: AuthProtocol[];
    rejected: boolean;
    mschapv2Handshake: boolean;
    users: AuthUser[];
    result: 'success' | 'failure' | 'unknown' | null;
    papCleartextPassword: boolean;
    chap: { challenges: number; responses: number; successes: number; failures: number };
  };
  mppe: MppeReport | null;
  ipcp: {
    addresses: Array<{ peer: string; address: string }>;
    dns: string[];
    vjCompression: boolean;
  };
  overhead: {
    payloadBytes: number;
    overheadBytes: number;
    signallingBytes: number;
    /** payload / overhead; null when there was no GRE. */
    ratio: number | null;
    /** overhead / (payload + overhead), in percent. */
    overheadPercent: number | null;
    buckets: OverheadBucket[];
  };
  blockage: boolean;
  blockageReasons: string[];
}

function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function flowReport(f: GreFlow): GreCallReport {
  const received = f.withSeq - f.duplicates;
  return {
    callId: f.callId,
    src: f.src,
    dst: f.dst,
    packets: f.packets,
    bytes: f.bytes,
    payloadBytes: f.payloadBytes,
    dataPackets: f.dataPackets,
    ackOnly: f.ackOnly,
    withSeq: f.withSeq,
    withAck: f.withAck,
    firstSeq: f.firstSeq >= 0 ? f.firstSeq : null,
    lastSeq: f.maxSeq >= 0 ? f.maxSeq : null,
    lost: f.lost,
    reordered: f.reordered,
    duplicates: f.duplicates,
    lossPercent: received + f.lost > 0 ? round((100 * f.lost) / (received + f.lost)) : 0,
    sequenceResets: f.resyncs,
    ackLag:
      f.ackLagSamples > 0
        ? { max: f.ackLagMax, mean: round(f.ackLagSum / f.ackLagSamples), samples: f.ackLagSamples }
        : null,
    encryptedFrames: f.encrypted,
    cleartextFrames: f.cleartext,
    mppe: {
      flushed: f.mppeFlushed,
      encryptedBit: f.mppeEncryptedBit,
      compressedBit: f.mppeCompressedBit,
      coherencyJumps: f.coherencyJumps,
    },
    firstTime: f.firstTime,
    lastTime: f.lastTime,
  };
}

function mppeReport(d: WireDecoder): MppeReport | null {
  const n = d.negotiation;
  if (n.mppeOffered.length === 0 && !n.mppeAgreed && !n.mppeNaked && !n.mppeRejected) return null;
  const offered = [...new Set(n.mppeOffered.flatMap((m: MppeOption) => m.bits))].sort(
    (a, b) => a - b,
  );
  const agreed = n.mppeAgreed ? n.mppeAgreed.bits : null;
  let flushed = 0;
  let mppeFrames = 0;
  for (const f of d.flowList) {
    flushed += f.mppeFlushed;
    mppeFrames += f.mppeHeaders;
  }
  return {
    bits: agreed ?? offered,
    source: agreed ? 'agreed' : 'offered',
    offered,
    agreed,
    stateless: n.mppeAgreed ? n.mppeAgreed.stateless : n.mppeOffered.some((m) => m.stateless),
    statelessObserved: mppeFrames > 0 ? flushed === mppeFrames : null,
    compression: n.mppeAgreed ? n.mppeAgreed.compression : n.mppeOffered.some((m) => m.compression),
    refused: n.mppeRejected || n.ccpProtocolRejected || (!n.mppeAgreed && n.ccpTerminated),
  };
}

function authReport(d: WireDecoder): WireReport['auth'] {
  const n = d.negotiation;
  let protocol: WireReport['auth']['protocol'] = n.authAgreed;
  if (!protocol && n.chapChallenges + n.chapResponses > 0) protocol = n.chapFlavour();
  if (!protocol && n.papRequests > 0) protocol = 'PAP';
  // 'none' only when LCP opened both ways (each side's request acknowledged) without asking
  // for authentication; a negotiation cut short tells us nothing.
  const acked = [...n.lcpPeers.values()].filter((p) => p.configureAcksReceived > 0).length;
  if (!protocol && acked >= 2 && n.authOffered.length === 0) protocol = 'none';
  const last = n.users[n.users.length - 1];
  return {
    protocol,
    offered: n.authOffered,
    rejected: n.authRejected,
    mschapv2Handshake: protocol === 'MS-CHAPv2' && n.chapChallenges > 0 && n.chapResponses > 0,
    users: n.users.map((u) => ({ ...u })),
    result: last ? last.result : null,
    papCleartextPassword: n.papCleartextPassword,
    chap: {
      challenges: n.chapChallenges,
      responses: n.chapResponses,
      successes: n.chapSuccess,
      failures: n.chapFailure,
    },
  };
}

function overheadReport(d: WireDecoder): WireReport['overhead'] {
  const labels = ['<=128', '129-256', '257-512', '513-1024', '1025-1500', '>1500'];
  const buckets: OverheadBucket[] = SIZE_BUCKETS.map((_, i) => {
    const payload = d.buckets[i * 3 + 1] as number;
    const overhead = d.buckets[i * 3 + 2] as number;
    return {
      label: labels[i] ?? String(i),
      packets: d.buckets[i * 3] as number,
      payloadBytes: payload,
      overheadBytes: overhead,
      ratio: overhead > 0 ? round(payload / overhead) : null,
    };
  });
  const total = d.payloadBytes + d.overheadBytes;
  return {
    payloadBytes: d.payloadBytes,
    overheadBytes: d.overheadBytes,
    signallingBytes: d.signallingBytes,
    ratio: d.overheadBytes > 0 ? round(d.payloadBytes / d.overheadBytes) : null,
    overheadPercent: total > 0 ? round((100 * d.overheadBytes) / total) : null,
    buckets,
  };
}

/** Turns the decoder's counters into the JSON-ready report (the only place that allocates much). */
export function buildReport(d: WireDecoder): WireReport {
  const r = d.reader;
  const protocols: Record<string, number> = {};
  const protocolNames: Record<string, string> = {};
  for (const p of [...d.pppProtocolsSeen].sort((x, y) => x - y)) {
    const c = d.pppProtocols[p] as number;
    protocols[hex16(p)] = c;
    protocolNames[hex16(p)] = PPP_PROTOCOL_NAMES[p] ?? 'unknown';
  }
  const calls = d.flowList.map(flowReport);
  const skippedTotal = Object.values(d.skipped).reduce((a, b) => a + b, 0);
  const warnings: string[] = [];
  if (r.damage && r.damage.kind !== 'not-a-capture')
    warnings.push(`${r.damage.message}; results cover the capture up to that point`);
  if (r.sliced > 0)
    warnings.push(
      `${r.sliced} packets were cut by the capture's snap length; their sizes come from the headers`,
    );
  if (d.pppTruncated > 0)
    warnings.push(
      `${d.pppTruncated} GRE packets carried a PPP frame cut short (snap length or damage)`,
    );
  if (skippedTotal > 0)
    warnings.push(`${skippedTotal} packets could not be fully decoded (see skipped)`);
  if (d.unsupportedLinkTypes.size > 0)
    warnings.push(`unsupported link types: ${[...d.unsupportedLinkTypes].join(', ')}`);
  const tcp = d.control.tcp.stats;
  if (tcp.desyncBytes > 0)
    warnings.push(
      `${tcp.desyncBytes} bytes of the PPTP control stream could not be framed (capture started mid-stream or damaged)`,
    );
  const n = d.negotiation;
  if (n.usersDropped > 0)
    warnings.push(`${n.usersDropped} further authentication attempts not listed`);
  if (d.control.callsDropped > 0)
    warnings.push(`${d.control.callsDropped} further call requests not followed`);
  const enc = judgeEncryption(d);
  const blockage = judgeBlockage(d, calls);
  const messages = { ...d.control.counts };
  const msgTotal = Object.values(messages).reduce((a, b) => a + b, 0) + d.control.unknownMessages;
  return {
    capture: {
      format: r.format,
      linkTypes: [...r.linkTypes],
      bytesRead: r.bytesConsumed,
      records: r.records,
      slicedRecords: r.sliced,
      firstTime: d.firstTime >= 0 ? d.firstTime : null,
      lastTime: d.lastTime >= 0 ? d.lastTime : null,
      durationSeconds: d.firstTime >= 0 ? round(d.lastTime - d.firstTime, 6) : 0,
    },
    packets: d.packets,
    status: { complete: r.damage === null, damage: r.damage, warnings },
    skipped: {
      ...d.skipped,
      total: skippedTotal,
      unsupportedLinkTypes: [...d.unsupportedLinkTypes],
      fragmentsPending: d.fragments.pending,
    },
    otherPackets: d.otherPackets,
    partial: { pppTruncated: d.pppTruncated },
    pptp: {
      messages,
      unknownMessages: d.control.unknownMessages,
      total: msgTotal,
      lengthMismatches: d.control.lengthMismatches,
      truncatedMessages: d.control.truncatedMessages,
      tcp: { ...tcp, segmentsTo1723: d.tcpControlSegments },
      connections: [...d.control.connections.values()].map((c) => ({ ...c })),
      calls: d.control.calls.map((c) => ({ ...c })),
      log: d.control.log.slice(),
      logDropped: d.control.logDropped,
    },
    gre: {
      packets: d.grePackets,
      bytes: d.greBytes,
      nonPptpGre: d.greOther,
      icmpUnreachable: d.icmpGreErrors,
      fromFragments: d.greFromFragments,
      calls,
    },
    ip: {
      v4: d.ipv4Packets,
      v6: d.ipv6Packets,
      fragments: d.fragments.stats.fragments,
      fragmentedDatagrams: d.fragments.stats.datagrams,
      reassembled: d.fragments.stats.reassembled,
      fragmentsExpired: d.fragments.stats.expired,
    },
    ppp: {
      frames: d.pppFrames,
      protocols,
      protocolNames,
      acfcFrames: d.acfcFrames,
      pfcFrames: d.pfcFrames,
      codes: codeCountsByName(n.codeCounts),
      events: n.events.slice(),
      eventsDropped: n.eventsDropped,
    },
    lcp: {
      configureRequests: n.lcpConfigureRequests,
      configureAcks: n.lcpConfigureAcks,
      echoRequests: n.lcpEchoRequests,
      echoReplies: n.lcpEchoReplies,
      terminateRequests: n.lcpTerminateRequests,
      mru: n.mruAgreed.slice(),
      acfc: n.acfcAgreed,
      pfc: n.pfcAgreed,
    },
    encryption: enc,
    auth: authReport(d),
    mppe: mppeReport(d),
    ipcp: {
      addresses: n.ipcpAddresses.slice(),
      dns: [...n.dnsServers],
      vjCompression: n.vjCompression,
    },
    overhead: overheadReport(d),
    blockage: blockage.reasons.length > 0,
    blockageReasons: blockage.reasons,
  };
}
