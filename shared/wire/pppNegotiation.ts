import { ipv4ToString, printableField, u16, u32 } from './bytes';
import { authProtocolName, CP_CODE_NAMES, PPP_PROTOCOL_NAMES, type AuthProtocol } from './names';

/** One decoded PPP control frame, for the timeline of the report. */
export interface PppEvent {
  time: number;
  src: string;
  dst: string;
  callId: number;
  protocol: string;
  code: string;
  identifier: number;
  detail: string;
}

export interface AuthUser {
  protocol: AuthProtocol;
  /** The user name the peer sent (printable form). Hashes and passwords are never kept. */
  name: string;
  /** The capture cut the packet (snap length) before the end of the name. */
  nameTruncated: boolean;
  time: number;
  src: string;
  result: 'success' | 'failure' | 'unknown';
  /** Failure text the authenticator sent (MS-CHAP "E=691 ... M=..." without the challenge). */
  message: string | null;
}

/** LCP seen from one sender: what it asked and what its peer answered. */
export interface LcpPeerState {
  configureRequests: number;
  /** Configure-Acks its peer sent back. */
  configureAcksReceived: number;
  echoRequests: number;
  /** Echo-Replies its peer sent back. */
  echoRepliesReceived: number;
  /** Longest run of Echo-Requests in a row with no reply in between (pppd lcp-echo-failure). */
  maxUnansweredEchoes: number;
  unansweredEchoes: number;
}

export interface MppeOption {
  bits: number[];
  stateless: boolean;
  compression: boolean;
}

const MAX_EVENTS = 2000;
/** Bounds on what a hostile or endless capture can make us remember. */
const MAX_USERS = 256;
const MAX_LIST = 64;

function pushBounded<T>(list: T[], item: T, max: number): boolean {
  if (list.length >= max) return false;
  list.push(item);
  return true;
}

/** Decodes LCP, PAP, CHAP, CCP and IPCP frames: the cold path, may allocate. */
export class PppNegotiation {
  readonly events: PppEvent[] = [];
  eventsDropped = 0;
  /** Frames per protocol and code, keyed (protocol << 8 | code) to keep the count cheap. */
  readonly codeCounts = new Map<number, number>();
  authOffered: AuthProtocol[] = [];
  authAgreed: AuthProtocol | null = null;
  authRejected = false;
  chapChallenges = 0;
  chapResponses = 0;
  chapSuccess = 0;
  chapFailure = 0;
  papRequests = 0;
  papCleartextPassword = false;
  readonly users: AuthUser[] = [];
  usersDropped = 0;
  /** The frame being decoded was cut by the snap length. */
  private cut = false;
  private chapChallengeSize = -1;
  private chapResponseSize = -1;
  mppeOffered: MppeOption[] = [];
  mppeAgreed: MppeOption | null = null;
  mppeNaked: MppeOption | null = null;
  mppeRejected = false;
  ccpProtocolRejected = false;
  ccpTerminated = false;
  lcpConfigureRequests = 0;
  lcpConfigureAcks = 0;
  lcpEchoRequests = 0;
  lcpEchoReplies = 0;
  lcpTerminateRequests = 0;
  mruAgreed: number[] = [];
  /** LCP per sender address (bounded). */
  readonly lcpPeers = new Map<string, LcpPeerState>();
  acfcAgreed = false;
  pfcAgreed = false;
  readonly ipcpAddresses: Array<{ peer: string; address: string }> = [];
  readonly dnsServers = new Set<string>();
  vjCompression = false;

  frame(
    proto: number,
    b: Uint8Array,
    o: number,
    len: number,
    time: number,
    src: string,
    dst: string,
    callId: number,
  ): void {
    if (len < 4) return this.log(time, src, dst, callId, proto, 'truncated', 0, `${len} bytes`);
    const code = b[o] as number;
    const id = b[o + 1] as number;
    const countKey = proto * 256 + code;
    this.codeCounts.set(countKey, (this.codeCounts.get(countKey) ?? 0) + 1);
    const plen = Math.min(u16(b, o + 2), len);
    this.cut = u16(b, o + 2) > len;
    if (plen < 4)
      return this.log(time, src, dst, callId, proto, 'malformed', id, `length ${u16(b, o + 2)}`);
    switch (proto) {
      case 0xc021:
        return this.lcp(code, id, b, o, plen, time, src, dst, callId);
      case 0xc023:
        return this.pap(code, id, b, o, plen, time, src, dst, callId);
      case 0xc223:
        return this.chap(code, id, b, o, plen, time, src, dst, callId);
      case 0x80fd:
        return this.ccp(code, id, b, o, plen, time, src, dst, callId);
      case 0x8021:
        return this.ipcp(code, id, b, o, plen, time, src, dst, callId);
      default:
        return this.log(
          time,
          src,
          dst,
          callId,
          proto,
          CP_CODE_NAMES[code] ?? `code ${code}`,
          id,
          '',
        );
    }
  }

  private lcp(
    code: number,
    id: number,
    b: Uint8Array,
    o: number,
    len: number,
    time: number,
    src: string,
    dst: string,
    callId: number,
  ): void {
    const details: string[] = [];
    const sender = this.peer(src);
    const receiver = this.peer(dst);
    if (code === 1 && sender) sender.configureRequests++;
    if (code === 2 && receiver) receiver.configureAcksReceived++;
    if (code === 9 && sender) {
      sender.echoRequests++;
      sender.unansweredEchoes++;
      if (sender.unansweredEchoes > sender.maxUnansweredEchoes)
        sender.maxUnansweredEchoes = sender.unansweredEchoes;
    }
    if (code === 10 && receiver) {
      receiver.echoRepliesReceived++;
      receiver.unansweredEchoes = 0;
    }
    if (code >= 1 && code <= 4) {
      if (code === 1) this.lcpConfigureRequests++;
      if (code === 2) this.lcpConfigureAcks++;
      forEachOption(b, o + 4, o + len, (type, v, vlen) => {
        switch (type) {
          case 1:
            if (vlen >= 2) {
              details.push(`MRU=${u16(b, v)}`);
              if (code === 2) pushBounded(this.mruAgreed, u16(b, v), MAX_LIST);
            }
            break;
          case 3: {
            if (vlen < 2) break;
            const auth = authProtocolName(u16(b, v), vlen >= 3 ? (b[v + 2] as number) : 0);
            details.push(`auth=${auth}`);
            if (code === 1 && !this.authOffered.includes(auth)) this.authOffered.push(auth);
            if (code === 2) this.authAgreed = auth;
            if (code === 4) this.authRejected = true;
            break;
          }
          case 5:
            details.push('magic');
            break;
          case 7:
            details.push('PFC');
            if (code === 2) this.pfcAgreed = true;
            break;
          case 8:
            details.push('ACFC');
            if (code === 2) this.acfcAgreed = true;
            break;
          default:
            details.push(`opt${type}`);
        }
      });
    } else if (code === 5) this.lcpTerminateRequests++;
    else if (code === 8 && len >= 6) {
      const rejected = u16(b, o + 4);
      details.push(
        `rejected protocol ${PPP_PROTOCOL_NAMES[rejected] ?? `0x${rejected.toString(16)}`}`,
      );
      if (rejected === 0x80fd) this.ccpProtocolRejected = true;
    } else if (code === 9) this.lcpEchoRequests++;
    else if (code === 10) this.lcpEchoReplies++;
    this.log(
      time,
      src,
      dst,
      callId,
      0xc021,
      CP_CODE_NAMES[code] ?? `code ${code}`,
      id,
      details.join(' '),
    );
  }

  private peer(address: string): LcpPeerState | undefined {
    let state = this.lcpPeers.get(address);
    if (!state && this.lcpPeers.size < MAX_LIST) {
      state = {
        configureRequests: 0,
        configureAcksReceived: 0,
        echoRequests: 0,
        echoRepliesReceived: 0,
        maxUnansweredEchoes: 0,
        unansweredEchoes: 0,
      };
      this.lcpPeers.set(address, state);
    }
    return state;
  }

  private pap(
    code: number,
    id: number,
    b: Uint8Array,
    o: number,
    len: number,
    time: number,
    src: string,
    dst: string,
    callId: number,
  ): void {
    let detail = '';
    if (code === 1 && len >= 5) {
      this.papRequests++;
      const idLen = b[o + 4] as number;
      const name = printableField(b, o + 5, Math.min(idLen, len - 5));
      // The password follows in cleartext: we note that it crossed the wire, never its value.
      if (5 + idLen < len) this.papCleartextPassword = true;
      if (
        !pushBounded(
          this.users,
          {
            protocol: 'PAP',
            name,
            nameTruncated: this.cut,
            time,
            src,
            result: 'unknown',
            message: null,
          },
          MAX_USERS,
        )
      )
        this.usersDropped++;
      detail = `peer-id "${name}" (password sent in cleartext, not recorded)`;
    } else if (code === 2 || code === 3) {
      this.settleLast('PAP', code === 2 ? 'success' : 'failure', null);
      detail = code === 2 ? 'Authenticate-Ack' : 'Authenticate-Nak';
    }
    const names: Record<number, string> = {
      1: 'Authenticate-Request',
      2: 'Authenticate-Ack',
      3: 'Authenticate-Nak',
    };
    this.log(time, src, dst, callId, 0xc023, names[code] ?? `code ${code}`, id, detail);
  }

  private chap(
    code: number,
    id: number,
    b: Uint8Array,
    o: number,
    len: number,
    time: number,
    src: string,
    dst: string,
    callId: number,
  ): void {
    let detail = '';
    if ((code === 1 || code === 2) && len >= 5) {
      const vsize = b[o + 4] as number;
      const name = printableField(b, o + 5 + vsize, len - 5 - vsize);
      if (code === 1) {
        this.chapChallenges++;
        this.chapChallengeSize = vsize;
        detail = `challenge of ${vsize} bytes from "${name}"`;
      } else {
        this.chapResponses++;
        this.chapResponseSize = vsize;
        if (
          !pushBounded(
            this.users,
            {
              protocol: this.chapFlavour(),
              name,
              nameTruncated: this.cut,
              time,
              src,
              result: 'unknown',
              message: null,
            },
            MAX_USERS,
          )
        )
          this.usersDropped++;
        detail = `response of ${vsize} bytes from user "${name}" (hash not recorded)`;
      }
    } else if (code === 3 || code === 4) {
      if (code === 3) this.chapSuccess++;
      else this.chapFailure++;
      const text = printableField(b, o + 4, len - 4);
      const message = code === 4 ? chapFailureMessage(text) : null;
      this.settleLast(null, code === 3 ? 'success' : 'failure', message);
      detail = message ?? '';
    }
    const names: Record<number, string> = {
      1: 'Challenge',
      2: 'Response',
      3: 'Success',
      4: 'Failure',
    };
    this.log(time, src, dst, callId, 0xc223, names[code] ?? `code ${code}`, id, detail);
  }

  /** The CHAP variant: from LCP when it was seen, else guessed from the value sizes. */
  chapFlavour(): AuthProtocol {
    if (this.authAgreed && this.authAgreed !== 'PAP' && this.authAgreed !== 'EAP')
      return this.authAgreed;
    const chapOffered = this.authOffered.find((a) => a.startsWith('CHAP') || a.startsWith('MS-'));
    if (chapOffered) return chapOffered;
    if (this.chapChallengeSize === 16 && this.chapResponseSize === 49) return 'MS-CHAPv2';
    if (this.chapChallengeSize === 8 && this.chapResponseSize === 49) return 'MS-CHAPv1';
    if (this.chapResponseSize === 16) return 'CHAP-MD5';
    return 'other';
  }

  private settleLast(
    protocol: AuthProtocol | null,
    result: 'success' | 'failure',
    message: string | null,
  ): void {
    for (let i = this.users.length - 1; i >= 0; i--) {
      const u = this.users[i];
      if (!u || u.result !== 'unknown') continue;
      if (protocol !== null && u.protocol !== protocol) continue;
      u.result = result;
      u.message = message;
      return;
    }
  }

  private ccp(
    code: number,
    id: number,
    b: Uint8Array,
    o: number,
    len: number,
    time: number,
    src: string,
    dst: string,
    callId: number,
  ): void {
    const details: string[] = [];
    if (code >= 1 && code <= 4) {
      forEachOption(b, o + 4, o + len, (type, v, vlen) => {
        if (type === 18 && vlen >= 4) {
          const mppe = decodeMppeBits(u32(b, v));
          details.push(describeMppe(mppe));
          if (code === 1) pushBounded(this.mppeOffered, mppe, MAX_LIST);
          else if (code === 2) this.mppeAgreed = mppe;
          else if (code === 3) this.mppeNaked = mppe;
          else this.mppeRejected = true;
        } else details.push(`opt${type}`);
      });
    } else if (code === 5) this.ccpTerminated = true;
    this.log(
      time,
      src,
      dst,
      callId,
      0x80fd,
      CP_CODE_NAMES[code] ?? `code ${code}`,
      id,
      details.join(' '),
    );
  }

  private ipcp(
    code: number,
    id: number,
    b: Uint8Array,
    o: number,
    len: number,
    time: number,
    src: string,
    dst: string,
    callId: number,
  ): void {
    const details: string[] = [];
    if (code >= 1 && code <= 4) {
      forEachOption(b, o + 4, o + len, (type, v, vlen) => {
        if ((type === 3 || type === 129 || type === 131) && vlen >= 4) {
          const addr = ipv4ToString(b, v);
          const label = type === 3 ? 'address' : type === 129 ? 'dns1' : 'dns2';
          details.push(`${label}=${addr}`);
          // An Ack repeats the options of the request it accepts: the request came from dst.
          if (code === 2 && type === 3)
            pushBounded(this.ipcpAddresses, { peer: dst, address: addr }, MAX_LIST);
          if (code === 2 && type !== 3 && this.dnsServers.size < MAX_LIST)
            this.dnsServers.add(addr);
        } else if (type === 2) {
          details.push('VJ');
          if (code === 2) this.vjCompression = true;
        } else details.push(`opt${type}`);
      });
    }
    this.log(
      time,
      src,
      dst,
      callId,
      0x8021,
      CP_CODE_NAMES[code] ?? `code ${code}`,
      id,
      details.join(' '),
    );
  }

  private log(
    time: number,
    src: string,
    dst: string,
    callId: number,
    proto: number,
    code: string,
    identifier: number,
    detail: string,
  ): void {
    if (this.events.length >= MAX_EVENTS) {
      this.eventsDropped++;
      return;
    }
    const protocol = protocolLabel(proto);
    this.events.push({ time, src, dst, callId, protocol, code, identifier, detail });
  }
}

export function protocolLabel(proto: number): string {
  return PPP_PROTOCOL_NAMES[proto] ?? `0x${proto.toString(16).padStart(4, '0')}`;
}

/** "LCP Echo-Request" style names for the code counters. */
export function codeCountsByName(counts: Map<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    const proto = Math.floor(key / 256);
    const code = key % 256;
    const codeName =
      proto === 0xc023
        ? (['', 'Authenticate-Request', 'Authenticate-Ack', 'Authenticate-Nak'][code] ??
          `code ${code}`)
        : proto === 0xc223
          ? (['', 'Challenge', 'Response', 'Success', 'Failure'][code] ?? `code ${code}`)
          : (CP_CODE_NAMES[code] ?? `code ${code}`);
    out[`${protocolLabel(proto)} ${codeName}`] = n;
  }
  return out;
}

/** Walks type-length-value options; stops at the first malformed one. */
function forEachOption(
  b: Uint8Array,
  start: number,
  end: number,
  visit: (type: number, valueAt: number, valueLen: number) => void,
): void {
  let p = start;
  while (p + 2 <= end) {
    const type = b[p] as number;
    const olen = b[p + 1] as number;
    if (olen < 2 || p + olen > end) return;
    visit(type, p + 2, olen - 2);
    p += olen;
  }
}

/** RFC 3078 §2.1 supported bits: H stateless, M 56-bit, S 128-bit, L 40-bit, C MPPC. */
export function decodeMppeBits(v: number): MppeOption {
  const bits: number[] = [];
  if (v & 0x20) bits.push(40);
  if (v & 0x80) bits.push(56);
  if (v & 0x40) bits.push(128);
  return { bits, stateless: (v & 0x01000000) !== 0, compression: (v & 0x01) !== 0 };
}

function describeMppe(m: MppeOption): string {
  const parts = [m.bits.length ? `MPPE ${m.bits.join('/')}-bit` : 'MPPE (no key length)'];
  if (m.stateless) parts.push('stateless');
  if (m.compression) parts.push('MPPC');
  return parts.join(' ');
}

/** Keeps the error code and message of an MS-CHAP failure, drops the challenge (C=). */
function chapFailureMessage(text: string): string {
  const e = /E=(\d+)/.exec(text);
  const m = /M=(.*)$/.exec(text);
  if (!e) return text.slice(0, 120);
  return `E=${e[1]}${m ? ` M=${(m[1] ?? '').slice(0, 120)}` : ''}`;
}
