/**
 * Reassembly of outer IP fragments (a full-size PPP frame plus GRE and IP headers often
 * exceeds the path MTU). Fragments are rare next to whole packets, so this path may allocate;
 * it is bounded in entries and in bytes so hostile input cannot grow it without limit.
 */
const MAX_ENTRIES = 256;
const MAX_DATAGRAM = 65_535;
const TIMEOUT_SECONDS = 60;
/** Fragments of one datagram beyond this are an attack or garbage: the datagram is dropped. */
const MAX_PARTS = 128;

interface Entry {
  parts: Array<{ offset: number; data: Uint8Array }>;
  /** Total payload length, known once the last fragment (MF clear) arrived. */
  total: number;
  /** Sum of the IP header bytes of every fragment: real overhead on the wire. */
  headerBytes: number;
  /** Sum of the IP total lengths of every fragment. */
  wireBytes: number;
  fragments: number;
  firstTime: number;
}

export interface Reassembled {
  data: Uint8Array;
  headerBytes: number;
  wireBytes: number;
  fragments: number;
}

export interface FragmentStats {
  fragments: number;
  reassembled: number;
  expired: number;
  overlapping: number;
  oversized: number;
}

export class FragmentReassembler {
  private readonly entries = new Map<string, Entry>();
  readonly stats: FragmentStats = {
    fragments: 0,
    reassembled: 0,
    expired: 0,
    overlapping: 0,
    oversized: 0,
  };

  /** Adds one fragment; returns the whole datagram payload when it is complete. */
  add(
    key: string,
    offset: number,
    more: boolean,
    data: Uint8Array,
    headerBytes: number,
    wireBytes: number,
    time: number,
  ): Reassembled | null {
    this.stats.fragments++;
    if (offset + data.length > MAX_DATAGRAM) {
      this.stats.oversized++;
      return null;
    }
    let e = this.entries.get(key);
    if (!e) {
      if (this.entries.size >= MAX_ENTRIES) this.evict(time, true);
      e = { parts: [], total: -1, headerBytes: 0, wireBytes: 0, fragments: 0, firstTime: time };
      this.entries.set(key, e);
    }
    if (e.parts.length >= MAX_PARTS) {
      this.entries.delete(key);
      this.stats.oversized++;
      return null;
    }
    e.parts.push({ offset, data: data.slice() });
    e.headerBytes += headerBytes;
    e.wireBytes += wireBytes;
    e.fragments++;
    if (!more) e.total = offset + data.length;
    if (e.total < 0) return null;
    // Complete when the parts cover [0, total) without a hole.
    e.parts.sort((a, b) => a.offset - b.offset);
    let covered = 0;
    for (const part of e.parts) {
      if (part.offset > covered) return null;
      if (part.offset < covered) this.stats.overlapping++;
      covered = Math.max(covered, part.offset + part.data.length);
    }
    if (covered < e.total) return null;
    const out = new Uint8Array(e.total);
    for (const part of e.parts)
      out.set(
        part.data.subarray(0, Math.max(0, Math.min(part.data.length, e.total - part.offset))),
        part.offset,
      );
    this.entries.delete(key);
    this.stats.reassembled++;
    return {
      data: out,
      headerBytes: e.headerBytes,
      wireBytes: e.wireBytes,
      fragments: e.fragments,
    };
  }

  /** Drops datagrams older than the timeout (or the oldest one when full). */
  evict(now: number, force = false): void {
    let oldestKey: string | null = null;
    let oldest = Infinity;
    for (const [key, e] of this.entries) {
      if (now - e.firstTime > TIMEOUT_SECONDS) {
        this.entries.delete(key);
        this.stats.expired++;
      } else if (e.firstTime < oldest) {
        oldest = e.firstTime;
        oldestKey = key;
      }
    }
    if (force && this.entries.size >= MAX_ENTRIES && oldestKey !== null) {
      this.entries.delete(oldestKey);
      this.stats.expired++;
    }
  }

  get pending(): number {
    return this.entries.size;
  }
}
