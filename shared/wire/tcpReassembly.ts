import { u16, u32 } from './bytes';
import { PPTP_MAGIC } from './pptpMessage';

/** Receives each complete PPTP control message cut out of a TCP byte stream. */
export type MessageHandler = (
  conn: TcpConnection,
  fromClient: boolean,
  b: Uint8Array,
  o: number,
  len: number,
  time: number,
) => void;

const MAX_MESSAGE = 4096;
/** Out-of-order segments kept per direction while waiting for a hole to fill. */
const MAX_PENDING = 64;
/** More buffered bytes than this without a message boundary means we lost the stream. */
const MAX_BUFFER = 8192;
/** Out-of-order bytes held across all connections. */
const MAX_PENDING_BYTES = 4 << 20;
/** Control connections followed at once; beyond this, segments of new ones are refused. */
export const MAX_CONNECTIONS = 1024;

class Direction {
  next = -1;
  buf = new Uint8Array(1024);
  len = 0;
  pending: Array<{ seq: number; data: Uint8Array }> = [];
  /** True once we know we stand on a message boundary (SYN seen or a magic cookie found). */
  aligned = false;
}

export class TcpConnection {
  readonly toServer = new Direction();
  readonly toClient = new Direction();
  synSeen = false;
  finOrRst = false;
  segments = 0;
  bytes = 0;
  firstTime = 0;
  lastTime = 0;
  constructor(
    readonly client: string,
    readonly clientPort: number,
    readonly server: string,
    readonly serverPort: number,
  ) {}
}

export interface TcpStats {
  segments: number;
  retransmittedBytes: number;
  outOfOrderSegments: number;
  /** Bytes thrown away to find a message boundary again (capture started mid-stream, or garbage). */
  desyncBytes: number;
  /** Gaps the capture never filled: data we never saw. */
  holes: number;
}

/**
 * Per-direction reassembly of the PPTP control connection (TCP 1723). Control messages can
 * span segments or share one; retransmitted bytes are dropped, out-of-order segments wait.
 */
export class TcpReassembler {
  readonly connections = new Map<string, TcpConnection>();
  private pendingBytes = 0;
  readonly stats: TcpStats = {
    segments: 0,
    retransmittedBytes: 0,
    outOfOrderSegments: 0,
    desyncBytes: 0,
    holes: 0,
  };

  constructor(private readonly onMessage: MessageHandler) {}

  /**
   * tcpLen: bytes captured of the segment; wireLen: its real length (larger when the capture's
   * snap length cut it). Returns false when the segment could not be followed (malformed, or
   * too many streams).
   */
  segment(
    src: string,
    dst: string,
    sport: number,
    dport: number,
    b: Uint8Array,
    tcpOff: number,
    tcpLen: number,
    time: number,
    wireLen = tcpLen,
  ): boolean {
    if (tcpLen < 20) return false;
    const dataOff = ((b[tcpOff + 12] as number) >> 4) * 4;
    if (dataOff < 20 || dataOff > tcpLen) return false;
    const flags = b[tcpOff + 13] as number;
    const seq = u32(b, tcpOff + 4);
    this.stats.segments++;
    // The server is the side on port 1723; if both are, the one that sent the SYN is the client.
    const syn = (flags & 0x02) !== 0;
    const ack = (flags & 0x10) !== 0;
    let fromClient = dport === 1723;
    if (sport === 1723 && dport === 1723) fromClient = !(syn && ack);
    const key = fromClient ? `${src}|${sport}|${dst}|${dport}` : `${dst}|${dport}|${src}|${sport}`;
    let conn = this.connections.get(key);
    if (!conn) {
      if (this.connections.size >= MAX_CONNECTIONS) return false;
      conn = fromClient
        ? new TcpConnection(src, sport, dst, dport)
        : new TcpConnection(dst, dport, src, sport);
      conn.firstTime = time;
      this.connections.set(key, conn);
    }
    conn.segments++;
    conn.lastTime = time;
    const dir = fromClient ? conn.toServer : conn.toClient;
    if (syn) {
      conn.synSeen = true;
      dir.next = (seq + 1) >>> 0;
      dir.len = 0;
      for (const seg of dir.pending) this.pendingBytes -= seg.data.length;
      dir.pending = [];
      dir.aligned = true;
      return true;
    }
    if (flags & 0x05) conn.finOrRst = true;
    const dataLen = tcpLen - dataOff;
    const wireData = Math.max(dataLen, wireLen - dataOff);
    if (wireData <= 0) return true;
    conn.bytes += wireData;
    if (wireData > dataLen) {
      this.sliced(
        conn,
        fromClient,
        dir,
        seq,
        b.subarray(tcpOff + dataOff, tcpOff + tcpLen),
        wireData,
        time,
      );
      return true;
    }
    const data = b.subarray(tcpOff + dataOff, tcpOff + tcpLen);
    if (dir.next < 0) dir.next = seq; // capture began mid-stream
    this.accept(conn, fromClient, dir, seq, data, time);
    return true;
  }

  /**
   * A segment cut by the snap length. When it starts on a message boundary, the messages in it
   * are decoded as far as captured (the last one partly, like tshark does); the bytes missing
   * from the capture are stepped over. Otherwise it is a hole and the boundary is lost.
   */
  private sliced(
    conn: TcpConnection,
    fromClient: boolean,
    dir: Direction,
    seq: number,
    data: Uint8Array,
    wireData: number,
    time: number,
  ): void {
    if (dir.next < 0) dir.next = seq;
    const rel = (seq - dir.next) | 0;
    if (rel > 0 || rel + wireData <= 0) return; // a gap before it, or an old retransmission
    if (rel === 0 && dir.len === 0 && dir.aligned) {
      let q = 0;
      while (data.length - q >= 12 && u32(data, q + 4) === PPTP_MAGIC && u16(data, q) >= 12) {
        const len = u16(data, q);
        this.onMessage(conn, fromClient, data, q, Math.min(len, data.length - q), time);
        q += len;
        if (q > data.length) break;
      }
      dir.aligned = q === wireData;
    } else {
      this.stats.holes++;
      this.stats.desyncBytes += dir.len;
      dir.aligned = false;
    }
    dir.len = 0;
    dir.next = (seq + wireData) >>> 0;
  }

  private accept(
    conn: TcpConnection,
    fromClient: boolean,
    dir: Direction,
    seq: number,
    data: Uint8Array,
    time: number,
  ): void {
    const rel = (seq - dir.next) | 0;
    if (rel > 0) {
      if (dir.pending.length >= MAX_PENDING) {
        // Give up waiting: the hole is lost. Continue from the oldest waiting segment, then
        // look at this one again against the new position.
        this.stats.holes++;
        dir.pending.sort((x, y) => (x.seq - y.seq) | 0);
        const first = dir.pending.shift();
        if (first) {
          this.pendingBytes -= first.data.length;
          dir.next = first.seq;
          dir.len = 0;
          dir.aligned = false;
          this.accept(conn, fromClient, dir, first.seq, first.data, time);
          return this.accept(conn, fromClient, dir, seq, data, time);
        }
      }
      this.stats.outOfOrderSegments++;
      if (this.pendingBytes + data.length > MAX_PENDING_BYTES) {
        this.stats.holes++;
        return;
      }
      this.pendingBytes += data.length;
      dir.pending.push({ seq, data: data.slice() });
      return;
    }
    let start = 0;
    if (rel < 0) {
      const overlap = -rel;
      this.stats.retransmittedBytes += Math.min(overlap, data.length);
      if (overlap >= data.length) return;
      start = overlap;
    }
    this.append(dir, data, start);
    dir.next = (dir.next + data.length - start) >>> 0;
    this.drain(conn, fromClient, dir, time);
    // Segments that waited for this one may now fit.
    for (let progressed = true; progressed && dir.pending.length > 0;) {
      progressed = false;
      for (let i = 0; i < dir.pending.length; i++) {
        const seg = dir.pending[i];
        if (!seg) continue;
        const r = (seg.seq - dir.next) | 0;
        if (r > 0) continue;
        dir.pending.splice(i, 1);
        this.pendingBytes -= seg.data.length;
        if (-r < seg.data.length) {
          this.append(dir, seg.data, -r);
          dir.next = (dir.next + seg.data.length + r) >>> 0;
          this.drain(conn, fromClient, dir, time);
        } else this.stats.retransmittedBytes += seg.data.length;
        progressed = true;
        break;
      }
    }
  }

  private append(dir: Direction, data: Uint8Array, start: number): void {
    const n = data.length - start;
    if (dir.len + n > dir.buf.length) {
      const bigger = new Uint8Array(Math.max(dir.len + n, dir.buf.length * 2));
      bigger.set(dir.buf.subarray(0, dir.len));
      dir.buf = bigger;
    }
    dir.buf.set(data.subarray(start), dir.len);
    dir.len += n;
  }

  /** Cuts complete messages from the front of the buffer. */
  private drain(conn: TcpConnection, fromClient: boolean, dir: Direction, time: number): void {
    let p = 0;
    const b = dir.buf;
    while (dir.len - p >= 8) {
      const len = u16(b, p);
      const valid = len >= 12 && len <= MAX_MESSAGE && u32(b, p + 4) === PPTP_MAGIC;
      if (!valid) {
        // Find the next magic cookie: a message starts 4 bytes before it.
        let q = p + 1;
        while (
          q + 8 <= dir.len &&
          !(u32(b, q + 4) === PPTP_MAGIC && u16(b, q) >= 12 && u16(b, q) <= MAX_MESSAGE)
        )
          q++;
        if (q + 8 > dir.len) q = Math.max(p + 1, dir.len - 7);
        this.stats.desyncBytes += q - p;
        p = q;
        continue;
      }
      dir.aligned = true;
      if (dir.len - p < len) break;
      this.onMessage(conn, fromClient, b, p, len, time);
      p += len;
    }
    if (p > 0) {
      b.copyWithin(0, p, dir.len);
      dir.len -= p;
    }
    if (dir.len > MAX_BUFFER) {
      this.stats.desyncBytes += dir.len;
      dir.len = 0;
    }
  }
}
