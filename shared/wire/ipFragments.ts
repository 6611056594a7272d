/**
 * Reassembly of outer IP fragments. A full-size packet in the tunnel plus PPP, MPPE, GRE and
 * the outer IP header exceeds a 1500-byte carrier, so on a misconfigured tunnel every other
 * packet can be a fragment: this path is hot there and allocates nothing per fragment
 * (datagrams and their buffers are pooled, keys are numbers).
 *
 * A fragment is known by its place on the wire (offset and length, from the IP header) even
 * when the capture kept only its first bytes (snap length): a datagram is complete when the
 * wire lengths of its fragments cover it, and is then decoded as far as its captured bytes
 * reach without a gap from the start. So a capture cut at 96 bytes still yields one GRE packet
 * per datagram, with the datagram's true length.
 *
 * Bounded: at most MAX_ENTRIES datagrams and MAX_BUFFERED_BYTES of buffers in progress (the
 * oldest is given up beyond either), MAX_PARTS fragments per datagram; a datagram still
 * incomplete TIMEOUT_SECONDS after its first fragment is given up ("expired"), as a kernel does.
 */
const MAX_ENTRIES = 256;
const MAX_BUFFERED_BYTES = 4 << 20;
const MAX_DATAGRAM = 65_535;
const TIMEOUT_SECONDS = 60;
/** Fragments of one datagram beyond this are an attack or garbage: the datagram is dropped. */
const MAX_PARTS = 128;
/** First buffer of a datagram: a 1500-byte carrier's datagrams fit without growing. */
const INITIAL_BUFFER = 2048;
const POOL_LIMIT = 32;
/** Open-addressing table: a power of two, 4x MAX_ENTRIES so probe runs stay short. */
const TABLE_SIZE = 1024;
const TABLE_MASK = TABLE_SIZE - 1;

const EMPTY = new Uint8Array(0);

/** One datagram in progress. Reused through a free list. */
class Pending {
  v6 = false;
  src = 0;
  dst = 0;
  id = 0;
  proto = 0;
  key = 0;
  /** Its slot in the table. */
  slot = 0;
  /** Creation order, oldest first, for expiry. */
  older: Pending | null = null;
  newer: Pending | null = null;
  /** Kept with the entry when it is reused (see release). */
  buf: Uint8Array = EMPTY;
  /** Bytes of `buf` counted against the budget while the datagram is in progress (0 or its length). */
  held = 0;
  /** Payload length, known once the last fragment (MF clear) arrived; -1 before. */
  total = -1;
  headerBytes = 0;
  wireBytes = 0;
  fragments = 0;
  firstTime = 0;
  /** Wire coverage as sorted, disjoint [start, end) pairs (reused: `coveredLength` counts). */
  readonly covered: number[] = [];
  coveredLength = 0;
  /** Captured bytes per fragment: start and end pairs, in arrival order. */
  readonly captured: number[] = [];
  capturedLength = 0;
}

/** The datagram just completed. Its data is valid until the next add(). */
export interface Reassembled {
  /** Payload bytes, captured ones from offset 0 (see `captured`). */
  data: Uint8Array;
  /** Bytes of `data` captured without a gap from the start of the payload. */
  captured: number;
  /** Payload length on the wire. */
  length: number;
  /** Sum of the IP header bytes of every fragment: real overhead on the wire. */
  headerBytes: number;
  /** Sum of the IP packet lengths of every fragment. */
  wireBytes: number;
  fragments: number;
}

export interface FragmentStats {
  /** IP fragments offered (of the protocols we reassemble: GRE and TCP). */
  fragments: number;
  /** Distinct datagrams that arrived in fragments. */
  datagrams: number;
  reassembled: number;
  /** Datagrams given up: incomplete after the timeout, or the oldest when the table was full. */
  expired: number;
  /** Fragments that overlapped bytes already received (duplicates included). */
  overlapping: number;
  /** Fragments beyond 64 KiB or beyond MAX_PARTS in one datagram (datagram dropped). */
  oversized: number;
}

export class FragmentReassembler {
  /**
   * Datagrams by hash of their identity, linear probing. Not a Map: a Map's set and delete per
   * datagram churn its backing store, and the garbage collector then costs more than the work.
   */
  private readonly slots: Array<Pending | null> = new Array<Pending | null>(TABLE_SIZE).fill(null);
  private oldest: Pending | null = null;
  private newest: Pending | null = null;
  private count = 0;
  private bufferedBytes = 0;
  private readonly freeEntries: Pending[] = [];
  private spare: Pending | null = null;
  /**
   * The datagram just completed: its buffer is what `done.data` shows the caller, so the entry
   * (which keeps its buffer for the next datagram) goes back to the free list only at the
   * next add(). An entry keeps its buffer across reuse: no buffer changes hands per datagram.
   */
  private lent: Pending | null = null;
  /** Capture time of the fragment being added (seconds); a field, not an argument, so a fractional time is not boxed per call. */
  now = 0;
  readonly done: Reassembled = {
    data: new Uint8Array(0),
    captured: 0,
    length: 0,
    headerBytes: 0,
    wireBytes: 0,
    fragments: 0,
  };
  readonly stats: FragmentStats = {
    fragments: 0,
    datagrams: 0,
    reassembled: 0,
    expired: 0,
    overlapping: 0,
    oversized: 0,
  };

  /**
   * Adds one fragment: `captured` bytes of its payload at b[at], `length` bytes on the wire at
   * `offset` in the datagram. Only bytes below `keep` are copied (the caller reads no further:
   * the datagram is then "captured" up to there). The fragment's time is `now`, set before.
   * Returns true when the datagram is complete: read it from `done`.
   */
  add(
    v6: boolean,
    src: number,
    dst: number,
    id: number,
    proto: number,
    offset: number,
    more: boolean,
    b: Uint8Array,
    at: number,
    captured: number,
    length: number,
    headerBytes: number,
    wireBytes: number,
    keep: number,
  ): boolean {
    const time = this.now;
    this.stats.fragments++;
    if (captured > length) captured = length;
    if (this.lent !== null) {
      this.release(this.lent);
      this.lent = null;
    }
    if (this.oldest !== null && time - this.oldest.firstTime > TIMEOUT_SECONDS) this.expire(time);
    const end = offset + length;
    if (end > MAX_DATAGRAM) {
      this.stats.oversized++;
      return false;
    }
    // The pieces of a datagram usually follow each other: try the newest datagram first.
    let e = this.newest;
    if (e === null || !(e.id === id && e.src === src && e.dst === dst && e.proto === proto && e.v6 === v6)) {
      const key = hashKey(v6, src, dst, id, proto);
      e = this.find(key, v6, src, dst, id, proto);
      if (e === null) e = this.open(key, v6, src, dst, id, proto);
    }
    if (e.fragments >= MAX_PARTS) {
      this.stats.oversized++;
      this.close(e);
      this.release(e);
      return false;
    }
    e.fragments++;
    e.headerBytes += headerBytes;
    e.wireBytes += wireBytes;
    if (!more) {
      if (e.total < 0) e.total = end;
      else if (e.total !== end) this.stats.overlapping++; // a second, different last fragment
    }
    const copy = keep - offset < captured ? keep - offset : captured;
    if (copy > 0) {
      this.ensureCapacity(e, offset + copy);
      const buf = e.buf;
      // A few header bytes: a loop beats allocating a view for set().
      if (copy <= 64) for (let i = 0; i < copy; i++) buf[offset + i] = b[at + i] as number;
      else buf.set(b.subarray(at, at + copy), offset);
      e.captured[e.capturedLength++] = offset;
      e.captured[e.capturedLength++] = offset + copy;
    }
    if (length > 0 && this.cover(e, offset, end)) this.stats.overlapping++;
    const cov = e.covered;
    if (e.total < 0 || e.coveredLength !== 2 || cov[0] !== 0 || (cov[1] as number) < e.total) return false;

    const done = this.done;
    done.data = e.buf;
    done.length = e.total;
    done.captured = Math.min(capturedPrefix(e.captured, e.capturedLength), e.total);
    done.headerBytes = e.headerBytes;
    done.wireBytes = e.wireBytes;
    done.fragments = e.fragments;
    this.stats.reassembled++;
    this.close(e);
    this.lent = e;
    return true;
  }

  /** Datagrams still incomplete. */
  get pending(): number {
    return this.count;
  }

  private open(key: number, v6: boolean, src: number, dst: number, id: number, proto: number): Pending {
    if (this.count >= MAX_ENTRIES && this.oldest !== null) this.giveUp(this.oldest);
    let e = this.spare;
    if (e !== null) this.spare = null;
    else e = this.freeEntries.pop() ?? new Pending();
    e.v6 = v6;
    e.src = src;
    e.dst = dst;
    e.id = id;
    e.proto = proto;
    e.total = -1;
    e.headerBytes = 0;
    e.wireBytes = 0;
    e.fragments = 0;
    e.firstTime = this.now;
    e.key = key;
    e.coveredLength = 0;
    e.capturedLength = 0;
    let slot = key & TABLE_MASK;
    while (this.slots[slot] !== null) slot = (slot + 1) & TABLE_MASK;
    this.slots[slot] = e;
    e.slot = slot;
    e.older = this.newest;
    e.newer = null;
    if (this.newest !== null) this.newest.newer = e;
    else this.oldest = e;
    this.newest = e;
    this.count++;
    this.stats.datagrams++;
    return e;
  }

  /** Removes a datagram from the table and the age list (its buffer no longer counts as held). */
  private close(e: Pending): void {
    this.unslot(e.slot);
    if (e.older !== null) e.older.newer = e.newer;
    else this.oldest = e.newer;
    if (e.newer !== null) e.newer.older = e.older;
    else this.newest = e.older;
    e.older = e.newer = null;
    this.count--;
    this.bufferedBytes -= e.held;
    e.held = 0;
  }

  /** Back to the free list with its buffer if that is of the usual size (a grown one is dropped). */
  private release(e: Pending): void {
    if (e.buf.length !== INITIAL_BUFFER) e.buf = EMPTY;
    // One entry kept aside: in a train of two-piece datagrams the entry just released is the
    // next one opened, without a push and pop of the free list per datagram.
    if (this.spare === null) this.spare = e;
    else if (this.freeEntries.length < POOL_LIMIT) this.freeEntries.push(e);
  }

  private find(key: number, v6: boolean, src: number, dst: number, id: number, proto: number): Pending | null {
    for (let slot = key & TABLE_MASK; ; slot = (slot + 1) & TABLE_MASK) {
      const e = this.slots[slot] as Pending | null;
      if (e === null) return null;
      if (e.id === id && e.src === src && e.dst === dst && e.proto === proto && e.v6 === v6) return e;
    }
  }

  /** Empties a slot, shifting back the entries of its probe run (no tombstones). */
  private unslot(hole: number): void {
    const slots = this.slots;
    slots[hole] = null;
    for (let j = (hole + 1) & TABLE_MASK; ; j = (j + 1) & TABLE_MASK) {
      const e = slots[j] as Pending | null;
      if (e === null) return;
      const home = e.key & TABLE_MASK;
      // e may move into the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (stays) continue;
      slots[hole] = e;
      e.slot = hole;
      slots[j] = null;
      hole = j;
    }
  }

  /** Adds [start, end) to the datagram's coverage; true when it overlapped bytes already covered. */
  private cover(e: Pending, start: number, end: number): boolean {
    const pairs = e.covered;
    const n = e.coveredLength;
    // Common case: in order, at or after the last interval.
    if (n === 0 || start >= (pairs[n - 1] as number)) {
      if (n > 0 && start === pairs[n - 1]) pairs[n - 1] = end;
      else {
        pairs[n] = start;
        pairs[n + 1] = end;
        e.coveredLength = n + 2;
      }
      return false;
    }
    pairs.length = n;
    const overlap = insertInterval(pairs, start, end);
    e.coveredLength = pairs.length;
    return overlap;
  }

  private giveUp(e: Pending): void {
    this.stats.expired++;
    this.close(e);
    this.release(e);
  }

  /** Gives up every datagram older than the timeout (the age list is oldest first). */
  private expire(now: number): void {
    while (this.oldest !== null && now - this.oldest.firstTime > TIMEOUT_SECONDS) this.giveUp(this.oldest);
  }

  /** Makes the datagram's buffer hold `need` bytes; the bytes it holds count against the budget. */
  private ensureCapacity(e: Pending, need: number): void {
    if (e.held >= need) return;
    if (e.buf.length < need) {
      let size = e.buf.length > 0 ? e.buf.length : INITIAL_BUFFER;
      while (size < need) size *= 2;
      const next = new Uint8Array(size);
      if (e.held > 0) next.set(e.buf.subarray(0, e.held));
      e.buf = next;
    }
    this.bufferedBytes += e.buf.length - e.held;
    e.held = e.buf.length;
    // Over the byte budget: give up the oldest datagrams, never the one being filled.
    while (this.bufferedBytes > MAX_BUFFERED_BYTES && this.oldest !== null && this.oldest !== e) this.giveUp(this.oldest);
  }
}

/** A small-integer hash of the datagram identity (collisions are told apart by the fields). */
function hashKey(v6: boolean, src: number, dst: number, id: number, proto: number): number {
  let h = Math.imul(src ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ dst, 0xc2b2ae35);
  h = Math.imul(h ^ id, 0x27d4eb2f);
  h ^= proto << 1;
  if (v6) h ^= 1;
  return h & 0x3fffffff;
}

/**
 * Adds [start, end) before the last of sorted disjoint pairs, merging neighbours. Returns true
 * when it overlapped bytes already covered.
 */
function insertInterval(pairs: number[], start: number, end: number): boolean {
  const n = pairs.length;
  let i = 0;
  while (i < n && (pairs[i + 1] as number) < start) i += 2;
  // pairs[i..] end at or after start: merge every interval that touches [start, end).
  let j = i;
  let overlap = false;
  let lo = start;
  let hi = end;
  while (j < n && (pairs[j] as number) <= end) {
    const s = pairs[j] as number;
    const e = pairs[j + 1] as number;
    if (s < end && e > start) overlap = true;
    if (s < lo) lo = s;
    if (e > hi) hi = e;
    j += 2;
  }
  pairs.splice(i, j - i, lo, hi);
  return overlap;
}

/** Length of the captured bytes that run without a gap from offset 0. */
function capturedPrefix(pairs: number[], length: number): number {
  let prefix = 0;
  for (let grown = true; grown; ) {
    grown = false;
    for (let i = 0; i < length; i += 2) {
      const s = pairs[i] as number;
      const e = pairs[i + 1] as number;
      if (s <= prefix && e > prefix) {
        prefix = e;
        grown = true;
      }
    }
  }
  return prefix;
}
