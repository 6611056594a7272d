import type { GreCallDirection, WireFacts } from '../../findings/facts';
import type { WireReport } from '../../wire/report';
import { FactsInputError } from './errors';
import { NumberingWireDecoder } from './wirePackets';

/** CHAP Failure packets listed one by one (the rest are counted): enough to see a burst. */
const MAX_CITED_AUTH_FAILURES = 200;

/** PPTP replies whose result code 1 means success (RFC 2637 §2). */
const RESULT_MESSAGES = new Set(['SCCRP', 'StopCCRP', 'OCRP', 'ICRP']);

/**
 * Builds WireFacts from a capture fed in chunks (the runner streams large files through
 * push(); wireFacts() below does it in one go for bytes already in memory).
 */
export class WireFactsBuilder {
  private readonly decoder = new NumberingWireDecoder();

  constructor(private readonly file: string) {}

  push(chunk: Uint8Array): void {
    this.decoder.push(chunk);
  }

  /** True once the reader gave up (not a capture, or damaged): further chunks are ignored. */
  get stopped(): boolean {
    return this.decoder.reader.stopped;
  }

  finish(): { facts: WireFacts; report: WireReport } {
    const report = this.decoder.finish();
    const damage = report.status.damage;
    if (damage?.kind === 'not-a-capture') throw new FactsInputError(this.file, damage.message);
    return { facts: mapWire(report, this.decoder, this.file), report };
  }
}

/** Step 4: a pcap/pcapng capture → WireFacts. */
export function wireFacts(pcapBytes: Uint8Array, file: string): WireFacts {
  if (pcapBytes.length === 0) throw new FactsInputError(file, 'the capture file is empty');
  const builder = new WireFactsBuilder(file);
  builder.push(pcapBytes);
  return builder.finish().facts;
}

function positive(n: number | null | undefined): number | undefined {
  return n !== null && n !== undefined && n > 0 ? n : undefined;
}

function mapWire(r: WireReport, d: NumberingWireDecoder, file: string): WireFacts {
  const servers = new Set(r.pptp.connections.map((c) => c.server));
  const clients = new Set(r.pptp.connections.map((c) => c.client));
  // Without a control connection in the capture, the sender of the first GRE flow is taken as
  // the client (it is the side that dialled in every capture we have seen), so one-way GRE
  // still shows as one way.
  const fallbackClient = r.gre.calls[0]?.src ?? null;
  let toServer = 0;
  let toClient = 0;
  for (const c of r.gre.calls) {
    const towardsServer = servers.has(c.dst) || clients.has(c.src) || (!servers.has(c.src) && !clients.has(c.dst) && c.src === fallbackClient);
    if (towardsServer) toServer += c.packets;
    else toClient += c.packets;
  }

  const calls: GreCallDirection[] = r.gre.calls.map((c, i) => {
    const call: GreCallDirection = {
      callId: c.callId,
      src: c.src,
      dst: c.dst,
      // Loss is judged against packets that carry a sequence number; ack-only packets carry none.
      packets: c.withSeq,
      lost: c.lost,
      reordered: c.reordered,
      duplicates: c.duplicates,
    };
    const first = positive(d.flowFirstPackets[i]);
    if (first !== undefined) call.firstPacket = first;
    return call;
  });

  const failures: WireFacts['control']['failures'] = [];
  r.pptp.log.forEach((m, i) => {
    const failedResult = RESULT_MESSAGES.has(m.type) && m.resultCode !== undefined && m.resultCode !== 1;
    const failedError = m.errorCode !== undefined && m.errorCode !== 0;
    if (!failedResult && !failedError) return;
    const result = [m.result ?? (m.resultCode !== undefined ? `result code ${m.resultCode}` : null), failedError ? `error ${m.errorCode}${m.error ? ` (${m.error})` : ''}` : null]
      .filter(Boolean)
      .join(', ');
    failures.push({ message: m.type, result, packet: positive(d.controlLogPackets[i]) });
  });

  const enc = r.encryption;
  const withoutE = enc.mppeFramesWithoutEncryptedBit;
  const verdict: WireFacts['encryption']['verdict'] = enc.verdict === 'unknown' ? 'no-data' : enc.verdict;
  const encryption: WireFacts['encryption'] = {
    verdict,
    encryptedFrames: enc.encryptedFrames - withoutE,
    cleartextFrames: enc.cleartextFrames + withoutE,
  };
  const firstClear = positive(d.firstCleartextPacket);
  if (firstClear !== undefined) encryption.firstCleartextPacket = firstClear;

  const events = r.ppp.events;
  const mppe: WireFacts['mppe'] = [];
  const mppeDirections = new Set<string>();
  events.forEach((e, i) => {
    if (e.protocol !== 'CCP' || e.code !== 'Configure-Ack') return;
    const m = /MPPE ([\d/]+)-bit/.exec(e.detail);
    if (!m) return;
    // One per call direction: a renegotiation in the same direction repeats what was agreed.
    const key = `${e.src}>${e.dst}`;
    if (mppeDirections.has(key)) return;
    mppeDirections.add(key);
    mppe.push({ bits: (m[1] as string).split('/').map(Number), stateless: /\bstateless\b/.test(e.detail), packet: positive(d.pppEventPackets[i]) });
  });

  let auth: WireFacts['auth'] = null;
  const protocol = r.auth.protocol;
  if (protocol !== null) {
    const authIndex = events.findIndex((e) => e.protocol === 'CHAP' || e.protocol === 'PAP' || e.protocol === 'EAP');
    const lcpIndex = events.findIndex((e) => e.protocol === 'LCP' && e.code === 'Configure-Ack' && /auth=/.test(e.detail));
    const at = authIndex >= 0 ? authIndex : lcpIndex;
    auth = { protocol, msChapV2: protocol === 'MS-CHAPv2', packet: at >= 0 ? positive(d.pppEventPackets[at]) : undefined };
  }

  // The authenticator's CHAP Failure packets, cited by packet number; the count is the decoder's
  // own (the event list is bounded, the count is not).
  const failurePackets: NonNullable<WireFacts['authFailures']>['packets'] = [];
  events.forEach((e, i) => {
    if (e.protocol !== 'CHAP' || e.code !== 'Failure' || failurePackets.length >= MAX_CITED_AUTH_FAILURES) return;
    const at = Number.isFinite(e.time) && e.time > 0 ? new Date(e.time * 1000).toISOString() : null;
    failurePackets.push({ packet: positive(d.pppEventPackets[i]), at, from: e.src, to: e.dst, message: e.detail });
  });

  const payloadRatio =
    enc.encryptedFrames + enc.cleartextFrames > 0 && r.gre.bytes > 0 ? Math.min(1, r.overhead.payloadBytes / r.gre.bytes) : null;

  return {
    source: file,
    packets: r.packets,
    control: {
      connections: r.pptp.connections.length,
      controlEstablished: r.pptp.connections.some((c) => c.established),
      callEstablished: r.pptp.calls.some((c) => c.established),
      firstPacket: positive(d.firstControlPacket),
      failures,
    },
    gre: { toServer, toClient, firstPacket: positive(d.firstGrePacket), calls },
    encryption,
    mppe,
    auth,
    authFailures: { count: Math.max(r.auth.chap.failures, failurePackets.length), packets: failurePackets },
    lcpUnansweredConfigureRequests: unansweredLcpRequests(events),
    fragments: { count: r.ip.fragments, firstPacket: positive(d.firstFragmentPacket) },
    fragmentation: {
      fragmentedDatagrams: r.ip.fragmentedDatagrams,
      reassembled: r.ip.reassembled,
      expired: r.ip.fragmentsExpired,
      incomplete: r.skipped.fragmentsPending,
      greFragmented: r.gre.fromFragments,
      grePackets: r.gre.packets,
      share: r.gre.packets > 0 ? r.gre.fromFragments / r.gre.packets : null,
      firstPacket: positive(d.firstFragmentPacket),
    },
    largestGrePacket: d.largestGrePacket > 0 ? d.largestGrePacket : null,
    payloadRatio,
  };
}

/**
 * LCP Configure-Request frames (retransmissions included: pppd resends with the same
 * identifier) that no Configure-Ack/Nak/Reject with that identifier answered from the other
 * side. Counted from the decoder's event log.
 */
export function unansweredLcpRequests(events: WireReport['ppp']['events']): number {
  const answered = new Set<string>();
  for (const e of events) {
    if (e.protocol !== 'LCP') continue;
    if (e.code === 'Configure-Ack' || e.code === 'Configure-Nak' || e.code === 'Configure-Reject') {
      // The answer travels back: key it as the request's direction.
      answered.add(`${e.dst}>${e.src}#${e.identifier}`);
    }
  }
  let unanswered = 0;
  for (const e of events) {
    if (e.protocol === 'LCP' && e.code === 'Configure-Request' && !answered.has(`${e.src}>${e.dst}#${e.identifier}`)) unanswered++;
  }
  return unanswered;
}
