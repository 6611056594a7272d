import { ipv4ToString, ipv6ToString, u16, u32 } from './bytes';
import { CaptureReader, type PacketSink } from './captureReader';
import { FragmentReassembler } from './ipFragments';
import { GreFlow } from './greFlow';
import { PppNegotiation } from './pppNegotiation';
import { PptpControlState } from './pptpControlState';
import { MAX_CONNECTIONS } from './tcpReassembly';
import { buildReport, type WireReport } from './report';

/**
 * Why packets were not decoded. Every packet lands in exactly one place: one of these counters,
 * or other / non-PPTP GRE / ICMP-about-GRE / TCP 1723 / PPTP GRE / held as an IP fragment.
 */
export interface SkipCounters {
  unsupportedLinkType: number;
  linkTruncated: number;
  notIp: number;
  ipTruncated: number;
  ipMalformed: number;
  greTruncated: number;
  greMalformed: number;
  tcpMalformed: number;
  /** More concurrent GRE flows or control connections than we follow (hostile input). */
  tooManyStreams: number;
}

const MAX_FLOWS = 4096;

/** Outer packet size buckets for the overhead ratio (upper bounds, bytes of outer IP). */
export const SIZE_BUCKETS = [128, 256, 512, 1024, 1500, Infinity] as const;

const GRE_PPTP_PROTO = 0x880b;

/**
 * Bytes of a fragmented GRE datagram worth keeping: the decoder reads its GRE, PPP and MPPE
 * headers (at most 22 bytes) and the body of PPP control frames (LCP, CHAP, CCP, IPCP: options
 * and names, far below this); the rest is tunnelled payload, counted by length only. Copying
 * it would be most of the cost of reassembly. A control frame longer than this (never seen in
 * real traffic) is decoded as far as these bytes, as if cut by a snap length.
 */
const GRE_FRAGMENT_KEEP = 512;
/**
 * A first piece carrying a PPP data frame: its GRE, PPP and MPPE headers are all we read, so
 * we keep the GRE header (8 to 16 bytes), the PPP address and control bytes if present, then
 * these: the protocol (at most 2) and the MPPE header (2). Every byte copied per datagram
 * shows in the profile.
 */
const PPP_PROTOCOL_AND_MPPE = 4;
/** TCP 1723 datagrams are kept whole: the control stream is framed from every byte. */
const TCP_FRAGMENT_KEEP = 65_535;

/**
 * The streaming wire decoder: pcap/pcapng → link → IP (fragments reassembled) → PPTP control
 * over TCP, enhanced GRE, PPP, MPPE. push() chunks as they come, snapshot() any time,
 * finish() at the end. Pure: no I/O. The GRE path allocates nothing per packet.
 */
export class WireDecoder implements PacketSink {
  readonly reader: CaptureReader;
  packets = 0;
  capturedBytes = 0;
  firstTime = -1;
  lastTime = -1;
  /** Packets that are neither PPTP control, GRE nor ICMP about GRE. */
  otherPackets = 0;
  readonly skipped: SkipCounters = {
    unsupportedLinkType: 0,
    linkTruncated: 0,
    notIp: 0,
    ipTruncated: 0,
    ipMalformed: 0,
    greTruncated: 0,
    greMalformed: 0,
    tcpMalformed: 0,
    tooManyStreams: 0,
  };
  readonly unsupportedLinkTypes = new Set<number>();
  ipv4Packets = 0;
  ipv6Packets = 0;
  tcpControlSegments = 0;
  grePackets = 0;
  /** PPTP GRE packets whose PPP frame was cut short (counted as GRE, PPP not decoded). */
  pppTruncated = 0;
  greBytes = 0;
  /** PPTP GRE packets that arrived as outer IP fragments (decoded once reassembled). */
  greFromFragments = 0;
  greOther = 0;
  /** ICMP errors (destination/protocol unreachable) quoting a GRE packet: a sign of blockage. */
  icmpGreErrors = 0;
  /** Flows indexed by call ID, then told apart by addresses: no number-key hashing per packet. */
  private readonly flowsByCall: Array<GreFlow[] | undefined> = new Array<GreFlow[] | undefined>(
    65_536,
  );
  readonly flowList: GreFlow[] = [];
  readonly pppProtocols = new Float64Array(65_536);
  /** The protocols counted in pppProtocols, in order first seen: the report reads these, not 65,536 slots. */
  readonly pppProtocolsSeen: number[] = [];
  pppFrames = 0;
  encryptedFrames = 0;
  cleartextFrames = 0;
  acfcFrames = 0;
  pfcFrames = 0;
  payloadBytes = 0;
  overheadBytes = 0;
  signallingBytes = 0;
  /** Per bucket: packets, payload bytes, overhead bytes (3 numbers each). */
  readonly buckets = new Float64Array(SIZE_BUCKETS.length * 3);
  readonly fragments = new FragmentReassembler();
  readonly control = new PptpControlState();
  readonly negotiation = new PppNegotiation();

  // Addresses of the packet being decoded, set by the IP layer for the layers above.
  private addrBuf: Uint8Array = new Uint8Array(0);
  private srcOff = 0;
  private dstOff = 0;
  private v6 = false;
  private srcKey = 0;
  private dstKey = 0;
  private time = 0;

  constructor() {
    this.reader = new CaptureReader(this);
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  finish(): WireReport {
    this.reader.finish();
    return this.snapshot();
  }

  snapshot(): WireReport {
    return buildReport(this);
  }

  onPacket(b: Uint8Array, o: number, cap: number, orig: number, linkType: number): void {
    const time = this.reader.time;
    this.packets++;
    this.capturedBytes += cap;
    if (this.firstTime < 0) this.firstTime = time;
    this.lastTime = time;
    this.time = time;
    void orig;
    let p = o;
    const end = o + cap;
    let ethertype = 0;
    switch (linkType) {
      case 1: {
        // Ethernet, with any number of 802.1Q / 802.1ad tags.
        if (cap < 14) return this.skip('linkTruncated');
        ethertype = u16(b, o + 12);
        p = o + 14;
        while (
          (ethertype === 0x8100 || ethertype === 0x88a8 || ethertype === 0x9100) &&
          p + 4 <= end
        ) {
          ethertype = u16(b, p + 2);
          p += 4;
        }
        break;
      }
      case 113: // Linux cooked v1
        if (cap < 16) return this.skip('linkTruncated');
        ethertype = u16(b, o + 14);
        p = o + 16;
        break;
      case 276: // Linux cooked v2
        if (cap < 20) return this.skip('linkTruncated');
        ethertype = u16(b, o);
        p = o + 20;
        break;
      case 101:
      case 12:
      case 14:
        if (cap < 1) return this.skip('linkTruncated');
        ethertype = (b[o] as number) >> 4 === 6 ? 0x86dd : 0x0800;
        break;
      case 228:
        ethertype = 0x0800;
        break;
      case 229:
        ethertype = 0x86dd;
        break;
      case 0:
      case 108: {
        // BSD loopback: 4-byte address family, host byte order (0) or network order (108).
        if (cap < 4) return this.skip('linkTruncated');
        const fam =
          linkType === 108
            ? u32(b, o)
            : (b[o] as number) !== 0
              ? (b[o] as number)
              : (b[o + 3] as number);
        ethertype = fam === 2 ? 0x0800 : fam === 24 || fam === 28 || fam === 30 ? 0x86dd : 0;
        p = o + 4;
        break;
      }
      default:
        this.unsupportedLinkTypes.add(linkType);
        return this.skip('unsupportedLinkType');
    }
    if (p > end) return this.skip('linkTruncated');
    if (ethertype === 0x0800) this.ipv4(b, p, end - p);
    else if (ethertype === 0x86dd) this.ipv6(b, p, end - p);
    else this.skip('notIp');
  }

  private skip(reason: keyof SkipCounters): void {
    this.skipped[reason]++;
  }

  private ipv4(b: Uint8Array, o: number, cap: number): void {
    if (cap < 20) return this.skip('ipTruncated');
    const vihl = b[o] as number;
    if (vihl >> 4 !== 4) return this.skip('ipMalformed');
    const ihl = (vihl & 15) * 4;
    const total = u16(b, o + 2);
    if (ihl < 20 || total < ihl || cap < ihl) return this.skip('ipMalformed');
    this.ipv4Packets++;
    const proto = b[o + 9] as number;
    const avail = total < cap ? total : cap;
    this.addrBuf = b;
    this.srcOff = o + 12;
    this.dstOff = o + 16;
    this.v6 = false;
    // Signed 32-bit keys: small integers to V8 whatever the address (192.168.x.x and above
    // as unsigned would be heap numbers, boxed each time one is passed on).
    this.srcKey = u32(b, o + 12) | 0;
    this.dstKey = u32(b, o + 16) | 0;
    const frag = u16(b, o + 6);
    if ((frag & 0x3fff) !== 0) {
      if (proto !== 47 && proto !== 6) return this.other();
      // Held until every piece arrived; a piece cut by the snap length still counts by its
      // length on the wire, so the datagram is decoded as far as captured, with its true size.
      this.fragments.now = this.time;
      const whole = this.fragments.add(
        false,
        this.srcKey,
        this.dstKey,
        u16(b, o + 4),
        proto,
        (frag & 0x1fff) * 8,
        (frag & 0x2000) !== 0,
        b,
        o + ihl,
        avail - ihl,
        total - ihl,
        ihl,
        total,
        proto === 47 ? greKeep(b, o + ihl, avail - ihl, frag & 0x1fff) : TCP_FRAGMENT_KEEP,
      );
      if (whole) this.reassembled(proto);
      return;
    }
    this.transport(proto, b, o + ihl, avail - ihl, total - ihl, ihl, total);
  }

  private ipv6(b: Uint8Array, o: number, cap: number): void {
    if (cap < 40) return this.skip('ipTruncated');
    if ((b[o] as number) >> 4 !== 6) return this.skip('ipMalformed');
    this.ipv6Packets++;
    const total = 40 + u16(b, o + 4);
    const avail = total < cap ? total : cap;
    this.addrBuf = b;
    this.srcOff = o + 8;
    this.dstOff = o + 24;
    this.v6 = true;
    this.srcKey = 4294967296 + hash16(b, o + 8);
    this.dstKey = 4294967296 + hash16(b, o + 24);
    let next = b[o + 6] as number;
    let p = o + 40;
    // Walk extension headers to the upper layer (or to a fragment header).
    for (let guard = 0; guard < 16; guard++) {
      if (next === 0 || next === 43 || next === 60 || next === 51) {
        if (p + 2 > o + avail) return this.skip('ipTruncated');
        const len = next === 51 ? ((b[p + 1] as number) + 2) * 4 : ((b[p + 1] as number) + 1) * 8;
        next = b[p] as number;
        p += len;
        continue;
      }
      if (next === 44) {
        if (p + 8 > o + avail) return this.skip('ipTruncated');
        const upper = b[p] as number;
        const offField = u16(b, p + 2);
        if (upper !== 47 && upper !== 6) return this.other();
        const length = o + total - p - 8;
        if (length < 0) return this.skip('ipMalformed');
        this.fragments.now = this.time;
        const whole = this.fragments.add(
          true,
          this.srcKey,
          this.dstKey,
          u32(b, p + 4),
          upper,
          offField & 0xfff8,
          (offField & 1) !== 0,
          b,
          p + 8,
          o + avail - p - 8,
          length,
          p + 8 - o,
          total,
          upper === 47 ? greKeep(b, p + 8, o + avail - p - 8, offField & 0xfff8) : TCP_FRAGMENT_KEEP,
        );
        if (whole) this.reassembled(upper);
        return;
      }
      break;
    }
    if (p > o + avail) return this.skip('ipTruncated');
    this.transport(next, b, p, o + avail - p, o + total - p, p - o, total);
  }

  /** Decodes the datagram the reassembler just completed (addresses: those of its last piece). */
  private reassembled(proto: number): void {
    const d = this.fragments.done;
    const gre = this.grePackets;
    this.transport(proto, d.data, 0, d.captured, d.length, d.headerBytes, d.wireBytes);
    if (this.grePackets !== gre) this.greFromFragments++;
  }

  /** Dispatch on the IP protocol. cap: captured bytes of the payload; wire: its real length. */
  private transport(
    proto: number,
    b: Uint8Array,
    p: number,
    cap: number,
    wire: number,
    ipHeader: number,
    wireBytes: number,
  ): void {
    if (proto === 47) return this.gre(b, p, cap, wire, ipHeader, wireBytes);
    if (proto === 6) {
      if (cap < 20) return this.skip('tcpMalformed');
      const sport = u16(b, p);
      const dport = u16(b, p + 2);
      if (sport !== 1723 && dport !== 1723) return this.other();
      if (
        !this.control.tcp.segment(
          this.addrText(this.srcOff),
          this.addrText(this.dstOff),
          sport,
          dport,
          b,
          p,
          cap,
          this.time,
          wire,
        )
      ) {
        return this.skip(
          this.control.tcp.connections.size >= MAX_CONNECTIONS ? 'tooManyStreams' : 'tcpMalformed',
        );
      }
      this.tcpControlSegments++;
      return;
    }
    if ((proto === 1 || proto === 58) && cap >= 8) {
      const type = b[p] as number;
      // ICMP destination unreachable / ICMPv6 destination unreachable quoting a GRE packet.
      if (proto === 1 && type === 3 && cap >= 8 + 20 && b[p + 8 + 9] === 47) {
        this.icmpGreErrors++;
        return;
      }
      if (proto === 58 && type === 1 && cap >= 8 + 40 && b[p + 8 + 6] === 47) {
        this.icmpGreErrors++;
        return;
      }
    }
    this.other();
  }

  private partial(): void {
    this.pppTruncated++;
  }

  private other(): void {
    this.otherPackets++;
  }

  private addrText(off: number): string {
    return this.v6 ? ipv6ToString(this.addrBuf, off) : ipv4ToString(this.addrBuf, off);
  }

  private flowFor(callId: number): GreFlow | null {
    const list = this.flowsByCall[callId];
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const f = list[i] as GreFlow;
        if (f.srcKey === this.srcKey && f.dstKey === this.dstKey) return f;
      }
    }
    if (this.flowList.length >= MAX_FLOWS) return null;
    const flow = new GreFlow(
      callId,
      this.addrText(this.srcOff),
      this.addrText(this.dstOff),
      this.srcKey,
      this.dstKey,
    );
    flow.firstTime = this.time;
    if (list === undefined) this.flowsByCall[callId] = [flow];
    else list.push(flow);
    this.flowList.push(flow);
    this.pairEpoch++;
    return flow;
  }

  private pairEpoch = 0;

  /** The opposite direction of the same call, for acknowledgment lag. Cached per epoch. */
  private reverseOf(flow: GreFlow): GreFlow | null {
    const epoch = this.pairEpoch + this.control.epoch * 1_000_003;
    if (flow.reverseEpoch === epoch) return flow.reverse;
    flow.reverseEpoch = epoch;
    const partner = this.control.partnerCallId(flow.callId);
    let found: GreFlow | null = null;
    let count = 0;
    for (const f of this.flowList) {
      if (f.srcKey !== flow.dstKey || f.dstKey !== flow.srcKey) continue;
      if (partner !== null && f.callId === partner) {
        found = f;
        count = 1;
        break;
      }
      found = f;
      count++;
    }
    flow.reverse = count === 1 ? found : null;
    return flow.reverse;
  }

  private gre(
    b: Uint8Array,
    p: number,
    cap: number,
    wire: number,
    ipHeader: number,
    wireBytes: number,
  ): void {
    if (cap < 4) return this.skip('greTruncated');
    const f0 = b[p] as number;
    const f1 = b[p + 1] as number;
    if ((f1 & 7) !== 1 || u16(b, p + 2) !== GRE_PPTP_PROTO) {
      this.greOther++;
      return;
    }
    // Enhanced GRE (RFC 2637 §4.1): key present, no checksum, no routing.
    if ((f0 & 0x20) === 0 || (f0 & 0xc0) !== 0) return this.skip('greMalformed');
    let hdr = 8;
    const hasSeq = (f0 & 0x10) !== 0;
    const hasAck = (f1 & 0x80) !== 0;
    if (hasSeq) hdr += 4;
    if (hasAck) hdr += 4;
    if (cap < hdr) return this.skip('greTruncated');
    const payloadLen = u16(b, p + 4);
    const callId = u16(b, p + 6);
    const flow = this.flowFor(callId);
    if (flow === null) return this.skip('tooManyStreams');
    this.grePackets++;
    this.greBytes += wireBytes;
    flow.packets++;
    flow.bytes += wireBytes;
    flow.lastTime = this.time;
    let q = p + 8;
    if (hasSeq) {
      flow.seq(u32(b, q));
      q += 4;
    }
    if (hasAck) {
      if (flow.reverseEpoch !== this.pairEpoch + this.control.epoch * 1_000_003)
        this.reverseOf(flow);
      flow.ack(u32(b, q));
      q += 4;
    }
    const bucket = bucketOf(wireBytes) * 3;
    const buckets = this.buckets;
    const onWire = wire - hdr;
    const pppLen = payloadLen < onWire ? payloadLen : onWire;
    // The length field as far as the wire bears it out: payload never exceeds wire bytes.
    if (pppLen > 0) flow.payloadBytes += pppLen;
    if (payloadLen === 0 || pppLen <= 0) {
      flow.ackOnly++;
      const oh = ipHeader + hdr;
      this.overheadBytes += oh;
      buckets[bucket] = (buckets[bucket] as number) + 1;
      buckets[bucket + 2] = (buckets[bucket + 2] as number) + oh;
      return;
    }
    flow.dataPackets++;
    const pppCap = cap - hdr < pppLen ? cap - hdr : pppLen;
    if (pppCap < 1) return this.partial();
    let ph = 0;
    if (pppCap >= 2 && b[q] === 0xff && b[q + 1] === 0x03) ph = 2;
    else this.acfcFrames++;
    if (pppCap < ph + 1) return this.partial();
    let proto = b[q + ph] as number;
    if ((proto & 1) === 1) {
      ph += 1;
      this.pfcFrames++;
    } else {
      if (pppCap < ph + 2) return this.partial();
      proto = (proto << 8) | (b[q + ph + 1] as number);
      ph += 2;
    }
    this.pppFrames++;
    const seen = this.pppProtocols[proto] as number;
    if (seen === 0) this.pppProtocolsSeen.push(proto);
    this.pppProtocols[proto] = seen + 1;
    if (proto === 0x00fd) {
      this.encryptedFrames++;
      flow.encrypted++;
      if (pppCap >= ph + 2) {
        const h = b[q + ph] as number;
        flow.mppeHeaders++;
        if (h & 0x80) flow.mppeFlushed++;
        if (h & 0x20) flow.mppeCompressedBit++;
        if (h & 0x10) flow.mppeEncryptedBit++;
        flow.coherency(((h & 0x0f) << 8) | (b[q + ph + 1] as number));
      }
      ph += 2;
    } else if (proto === 0x0021 || proto === 0x0057) {
      this.cleartextFrames++;
      flow.cleartext++;
    }
    const oh = ipHeader + hdr + ph;
    this.overheadBytes += oh;
    buckets[bucket] = (buckets[bucket] as number) + 1;
    buckets[bucket + 2] = (buckets[bucket + 2] as number) + oh;
    const rest = pppLen - ph > 0 ? pppLen - ph : 0;
    if (proto < 0x4000) {
      this.payloadBytes += rest;
      buckets[bucket + 1] = (buckets[bucket + 1] as number) + rest;
    } else {
      this.signallingBytes += rest;
      if (proto >= 0x8000)
        this.negotiation.frame(
          proto,
          b,
          q + ph,
          Math.min(rest, pppCap - ph),
          this.time,
          flow.src,
          flow.dst,
          callId,
        );
    }
  }
}

/**
 * How much of a fragmented GRE datagram to keep, decided on its first piece: the headers alone
 * for a PPP data frame (protocol below 0x4000), GRE_FRAGMENT_KEEP for anything else or when
 * the piece is not the first (the protocol is then unknown).
 */
function greKeep(b: Uint8Array, p: number, captured: number, offset: number): number {
  if (offset !== 0 || captured < 8) return GRE_FRAGMENT_KEEP;
  let q = p + 8;
  if (((b[p] as number) & 0x10) !== 0) q += 4;
  if (((b[p + 1] as number) & 0x80) !== 0) q += 4;
  const end = p + captured;
  if (q + 2 <= end && b[q] === 0xff && b[q + 1] === 0x03) q += 2;
  if (q + 2 > end) return GRE_FRAGMENT_KEEP;
  const first = b[q] as number;
  const proto = (first & 1) === 1 ? first : (first << 8) | (b[q + 1] as number);
  return proto < 0x4000 ? q - p + PPP_PROTOCOL_AND_MPPE : GRE_FRAGMENT_KEEP;
}

function bucketOf(size: number): number {
  if (size <= 128) return 0;
  if (size <= 256) return 1;
  if (size <= 512) return 2;
  if (size <= 1024) return 3;
  if (size <= 1500) return 4;
  return 5;
}

/** FNV-1a over an IPv6 address: a number key without building a string per packet. */
function hash16(b: Uint8Array, o: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 16; i++) {
    h ^= b[o + i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
