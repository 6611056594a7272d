import { decodePptpMessage, type PptpMessage } from './pptpMessage';
import { PPTP_MESSAGE_NAMES, type PptpMessageName } from './names';
import { TcpReassembler, type TcpConnection } from './tcpReassembly';

export interface ControlConnectionInfo {
  client: string;
  clientPort: number;
  server: string;
  serverPort: number;
  firstTime: number;
  lastTime: number;
  segments: number;
  /** SCCRQ fields of the client, SCCRP fields of the server, when seen. */
  clientHost: {
    hostname: string;
    vendor: string;
    firmware: number;
    protocolVersion: string;
  } | null;
  serverHost: {
    hostname: string;
    vendor: string;
    firmware: number;
    protocolVersion: string;
  } | null;
  startResult: string | null;
  established: boolean;
  stopped: boolean;
  stopReason: string | null;
  echoRequests: number;
  echoReplies: number;
}

/** One call: the side that asked (OCRQ or ICRQ sender) and the side that answered. */
export interface CallInfo {
  requester: string;
  responder: string;
  kind: 'outgoing' | 'incoming';
  requesterCallId: number;
  responderCallId: number | null;
  established: boolean;
  result: string | null;
  error: string | null;
  requestTime: number;
  replyTime: number | null;
  disconnectTime: number | null;
  disconnectResult: string | null;
  /** Time of the last control message of its connection: GRE expected until then. */
}

const MAX_LOG = 2000;
const MAX_CALLS = 4096;

/** Follows PPTP control connections: counts messages, pairs call IDs, remembers hosts. */
export class PptpControlState {
  readonly counts: Record<PptpMessageName, number>;
  unknownMessages = 0;
  lengthMismatches = 0;
  /** Messages the capture holds only in part (snap length). */
  truncatedMessages = 0;
  readonly log: PptpMessage[] = [];
  logDropped = 0;
  readonly connections = new Map<TcpConnection, ControlConnectionInfo>();
  readonly calls: CallInfo[] = [];
  callsDropped = 0;
  readonly tcp: TcpReassembler;
  /** Bumped whenever a call pairing is learned, so GRE flows re-pair for ack lag. */
  epoch = 0;

  constructor() {
    const counts = {} as Record<PptpMessageName, number>;
    for (const n of PPTP_MESSAGE_NAMES) if (n !== '') counts[n] = 0;
    this.counts = counts;
    this.tcp = new TcpReassembler((conn, fromClient, b, o, len, time) =>
      this.message(conn, fromClient, b, o, len, time),
    );
  }

  private message(
    conn: TcpConnection,
    fromClient: boolean,
    b: Uint8Array,
    o: number,
    len: number,
    time: number,
  ): void {
    const src = fromClient ? conn.client : conn.server;
    const dst = fromClient ? conn.server : conn.client;
    const m = decodePptpMessage(b, o, len, time, src, dst);
    if (m.typeCode >= 1 && m.typeCode <= 15) this.counts[m.type as PptpMessageName]++;
    else this.unknownMessages++;
    if (m.lengthMismatch) this.lengthMismatches++;
    if (m.truncated) this.truncatedMessages++;
    if (this.log.length < MAX_LOG) this.log.push(m);
    else this.logDropped++;
    const info = this.info(conn);
    info.lastTime = time;
    info.segments = conn.segments;
    switch (m.typeCode) {
      case 1:
        info.clientHost = host(m);
        break;
      case 2:
        info.serverHost = host(m);
        info.startResult = m.result ?? null;
        info.established = m.resultCode === 1;
        break;
      case 3:
        info.stopReason = m.result ?? null;
        break;
      case 4:
        info.stopped = true;
        break;
      case 5:
        info.echoRequests++;
        break;
      case 6:
        info.echoReplies++;
        break;
      case 7:
      case 9:
        if (this.calls.length >= MAX_CALLS) {
          this.callsDropped++;
          break;
        }
        this.calls.push({
          requester: src,
          responder: dst,
          kind: m.typeCode === 7 ? 'outgoing' : 'incoming',
          requesterCallId: m.callId ?? -1,
          responderCallId: null,
          established: false,
          result: null,
          error: null,
          requestTime: time,
          replyTime: null,
          disconnectTime: null,
          disconnectResult: null,
        });
        break;
      case 8:
      case 10: {
        const call = this.findCall(dst, src, m.peerCallId ?? -1, true);
        if (call) {
          call.responderCallId = m.callId ?? null;
          call.result = m.result ?? null;
          call.error = m.errorCode !== undefined && m.errorCode !== 0 ? (m.error ?? null) : null;
          call.replyTime = time;
          // An OCRP "Connected" establishes the call; an incoming call waits for ICCN.
          if (m.typeCode === 8) call.established = m.resultCode === 1;
          this.epoch++;
        }
        break;
      }
      case 11: {
        const call = this.calls.find(
          (c) => c.kind === 'incoming' && c.requester === src && c.responderCallId === m.peerCallId,
        );
        if (call) call.established = true;
        break;
      }
      case 13: {
        // CDN carries the sender's own call ID.
        const call =
          this.calls.find(
            (c) =>
              c.requester === src && c.requesterCallId === m.callId && c.disconnectTime === null,
          ) ??
          this.calls.find(
            (c) =>
              c.responder === src && c.responderCallId === m.callId && c.disconnectTime === null,
          );
        if (call) {
          call.disconnectTime = time;
          call.disconnectResult = m.result ?? null;
        }
        break;
      }
    }
  }

  private findCall(
    requester: string,
    responder: string,
    requesterCallId: number,
    unanswered: boolean,
  ): CallInfo | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const c = this.calls[i];
      if (!c) continue;
      if (
        c.requester === requester &&
        c.responder === responder &&
        c.requesterCallId === requesterCallId &&
        (!unanswered || c.replyTime === null)
      )
        return c;
    }
    return undefined;
  }

  /** The call ID the other side of a call uses, given one of its call IDs. */
  partnerCallId(callId: number): number | null {
    for (const c of this.calls) {
      if (c.requesterCallId === callId && c.responderCallId !== null) return c.responderCallId;
      if (c.responderCallId === callId) return c.requesterCallId;
    }
    return null;
  }

  private info(conn: TcpConnection): ControlConnectionInfo {
    let info = this.connections.get(conn);
    if (!info) {
      info = {
        client: conn.client,
        clientPort: conn.clientPort,
        server: conn.server,
        serverPort: conn.serverPort,
        firstTime: conn.firstTime,
        lastTime: conn.lastTime,
        segments: conn.segments,
        clientHost: null,
        serverHost: null,
        startResult: null,
        established: false,
        stopped: false,
        stopReason: null,
        echoRequests: 0,
        echoReplies: 0,
      };
      this.connections.set(conn, info);
    }
    return info;
  }
}

function host(m: PptpMessage) {
  return {
    hostname: m.hostname ?? '',
    vendor: m.vendor ?? '',
    firmware: m.firmware ?? 0,
    protocolVersion: m.protocolVersion ?? '',
  };
}
