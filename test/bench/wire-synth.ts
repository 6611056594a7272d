import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * Builds a large capture for the benchmark by replicating the GRE packets of a real capture:
 * the control packets are kept once, then the GRE packets are repeated in order with their
 * sequence and acknowledgment numbers rewritten per call (so the stream stays gap-free) and
 * their timestamps moved forward. A GRE datagram the source carried in IPv4 fragments is
 * repeated as its whole train of pieces, under a fresh IP identification per copy (so every
 * copy is a datagram of its own to reassemble). Classic pcap, the link type of the source.
 */
/** GRE packets worth repeating: data frames and bare acknowledgments, not LCP/CHAP/CCP/IPCP. */
function isDataOrAck(rec: Buffer, greAt: number): boolean {
  let q = greAt + 8;
  if (rec[greAt]! & 0x10) q += 4;
  if (rec[greAt + 1]! & 0x80) q += 4;
  if (rec.readUInt16BE(greAt + 4) === 0) return true;
  if (rec[q] === 0xff && rec[q + 1] === 0x03) q += 2;
  const proto = rec[q]! & 1 ? rec[q]! : rec.readUInt16BE(q);
  return proto < 0x4000;
}

export function synthesizeCapture(
  source: string,
  target: string,
  packets: number,
): { written: number; bytes: number } {
  const src = readFileSync(source);
  const magic = src.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d)
    throw new Error(`${source}: expected a little-endian classic pcap`);
  const linkType = src.readUInt32LE(20) & 0xffff;
  const ipOffset =
    linkType === 1 ? 14 : linkType === 113 ? 16 : linkType === 276 ? 20 : linkType === 101 ? 0 : -1;
  if (ipOffset < 0) throw new Error(`unsupported link type ${linkType}`);
  // The whole real capture is written once, then its data-carrying GRE packets are repeated.
  const original: Buffer[] = [];
  const lastSeq = new Map<number, number>();
  /** Units to repeat: one whole packet, or the pieces of one fragmented datagram (first first). */
  const gre: Array<{ rec: Buffer; greAt: number; call: number; ip: number; pieces: Buffer[] }> = [];
  const trains = new Map<number, Buffer[]>();
  for (let o = 24; o + 16 <= src.length;) {
    const incl = src.readUInt32LE(o + 8);
    const rec = Buffer.from(src.subarray(o, o + 16 + incl));
    o += 16 + incl;
    const ip = 16 + ipOffset;
    const isV4 = rec.length > ip + 20 && rec[ip]! >> 4 === 4;
    const frag = isV4 ? rec.readUInt16BE(ip + 6) & 0x3fff : 0;
    const firstPiece = frag === 0 || frag === 0x2000;
    if (isV4 && frag !== 0 && !firstPiece && rec[ip + 9] === 47) {
      trains.get(rec.readUInt32BE(ip + 12) * 65536 + rec.readUInt16BE(ip + 4))?.push(rec);
    } else if (isV4 && firstPiece && rec[ip + 9] === 47) {
      const greAt = ip + (rec[ip]! & 15) * 4;
      if (
        rec.length >= greAt + 8 &&
        rec.readUInt16BE(greAt + 2) === 0x880b &&
        isDataOrAck(rec, greAt)
      ) {
        const pieces: Buffer[] = [];
        gre.push({ rec, greAt, call: rec.readUInt16BE(greAt + 6), ip, pieces });
        if (frag !== 0) trains.set(rec.readUInt32BE(ip + 12) * 65536 + rec.readUInt16BE(ip + 4), pieces);
      }
      if (rec.length >= greAt + 12 && rec[greAt]! & 0x10) {
        const call = rec.readUInt16BE(greAt + 6);
        lastSeq.set(call, Math.max(lastSeq.get(call) ?? 0, rec.readUInt32BE(greAt + 8)));
      }
    }
    original.push(rec);
  }
  if (gre.length === 0) throw new Error(`${source} has no GRE packets to replicate`);
  const fd = openSync(target, 'w');
  let bytes = 0;
  const out: Buffer[] = [];
  let pending = 0;
  const flush = () => {
    const b = Buffer.concat(out);
    writeSync(fd, b);
    bytes += b.length;
    out.length = 0;
    pending = 0;
  };
  out.push(src.subarray(0, 24));
  let written = 0;
  for (const rec of original) {
    if (written >= packets) break;
    out.push(rec);
    written++;
  }
  const seqs = new Map<number, number>(lastSeq);
  const firstSec = gre[0]!.rec.readUInt32LE(0);
  const span = original[original.length - 1]!.readUInt32LE(0) - firstSec + 1;
  let round = 1;
  let ipId = 0;
  while (written < packets) {
    for (const g of gre) {
      if (written >= packets) break;
      const rec = Buffer.from(g.rec);
      const flags = rec[g.greAt]!;
      const ackFlag = (rec[g.greAt + 1]! & 0x80) !== 0;
      let q = g.greAt + 8;
      if (flags & 0x10) {
        const next = (seqs.get(g.call) ?? 0) + 1;
        seqs.set(g.call, next);
        rec.writeUInt32BE(next >>> 0, q);
        q += 4;
      }
      if (ackFlag) {
        // Acknowledge the newest number the other direction sent (any other call's counter).
        let other = 0;
        for (const [call, s] of seqs) if (call !== g.call) other = s;
        rec.writeUInt32BE(other >>> 0, q);
      }
      const id = (ipId = (ipId + 1) & 0xffff);
      for (const piece of [rec, ...g.pieces.map((p) => Buffer.from(p))]) {
        if (written >= packets) break;
        piece.writeUInt32LE(firstSec + round * span + (piece.readUInt32LE(0) - firstSec), 0);
        if (g.pieces.length > 0) piece.writeUInt16BE(id, g.ip + 4);
        out.push(piece);
        pending += piece.length;
        written++;
      }
      if (pending > 4 << 20) flush();
    }
    round++;
  }
  flush();
  closeSync(fd);
  return { written, bytes };
}
