import { u32, u32le } from './bytes';

/**
 * Receives every packet record of a capture. Arguments instead of an object so the hot path
 * allocates nothing: `buf` is only valid during the call. The timestamp (seconds) is read from
 * CaptureReader.time: a field updated in place, where a fractional argument would be boxed.
 */
export interface PacketSink {
  onPacket(buf: Uint8Array, off: number, capLen: number, origLen: number, linkType: number): void;
}

export type CaptureFormat = 'pcap' | 'pcapng';

/** Why the reader stopped before the end of the bytes, if it did. */
export interface CaptureDamage {
  kind: 'not-a-capture' | 'truncated' | 'corrupt';
  message: string;
  /** Byte offset in the stream where the damage starts. */
  offset: number;
}

/** Wireshark refuses larger pcap records; so do we (a larger length means a damaged file). */
const MAX_PCAP_RECORD = 262_144;
/** Upper bound of a pcapng block we accept (Wireshark uses the same 16 MiB limit). */
const MAX_PCAPNG_BLOCK = 16 * 1024 * 1024;

const PCAPNG_SHB = 0x0a0d0d0a;
/** Interface descriptions per pcapng section we keep (a real capture has a handful). */
const MAX_INTERFACES = 4096;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

interface PcapngInterface {
  linkType: number;
  snapLen: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
}

type State = 'magic' | 'pcap-header' | 'pcap-records' | 'pcapng' | 'stopped';

/**
 * Incremental framing of pcap and pcapng: push() bytes as they arrive (a file read in chunks,
 * or a file that tcpdump is still writing), finish() at the end. Whole records inside a chunk
 * are handed over in place; only a record split across chunks is copied, into a reused carry
 * buffer, so memory stays bounded by the largest record whatever the capture length.
 */
export class CaptureReader {
  format: CaptureFormat | null = null;
  damage: CaptureDamage | null = null;
  records = 0;
  bytesConsumed = 0;
  readonly linkTypes = new Set<number>();
  /** Records whose captured length is shorter than on the wire (snaplen): decoded partially. */
  sliced = 0;
  /** Timestamp of the packet being delivered, in seconds since the epoch. */
  time = 0;
  /** pcapng blocks we do not need (name resolution, statistics, custom...). */
  skippedBlocks = 0;

  private state: State = 'magic';
  private little = true;
  private nano = false;
  private pcapLinkType = 1;
  private interfaces: PcapngInterface[] = [];
  private carry = new Uint8Array(65_536);
  private carryLen = 0;

  constructor(private readonly sink: PacketSink) {}

  get stopped(): boolean {
    return this.state === 'stopped';
  }

  push(chunk: Uint8Array): void {
    let pos = 0;
    // Complete a unit left over from the previous chunk, copying only what it still needs.
    while (this.carryLen > 0 && this.state !== 'stopped') {
      const need = this.unitLength(this.carry, 0, this.carryLen);
      if (need < 0) return this.stop();
      const want = need === 0 ? this.headerNeed() : need;
      const take = Math.min(want - this.carryLen, chunk.length - pos);
      if (take > 0) {
        this.ensureCarry(this.carryLen + take);
        this.carry.set(chunk.subarray(pos, pos + take), this.carryLen);
        this.carryLen += take;
        pos += take;
      }
      if (this.carryLen < want) return;
      if (need === 0) continue; // header bytes now present: measure the unit again
      const used = this.consume(this.carry, 0, this.carryLen);
      if (used <= 0) return this.stop();
      this.bytesConsumed += used;
      this.carryLen = 0;
    }
    while (pos < chunk.length && this.state !== 'stopped') {
      if (this.state === 'pcap-records') {
        pos = this.pcapRecords(chunk, pos);
        if (pos >= chunk.length) return;
      }
      const avail = chunk.length - pos;
      const need = this.unitLength(chunk, pos, avail);
      if (need < 0) return this.stop();
      if (need === 0 && avail >= this.headerNeed()) continue; // format just detected: measure again
      if (need === 0 || need > avail) {
        this.ensureCarry(avail);
        this.carry.set(chunk.subarray(pos), 0);
        this.carryLen = avail;
        return;
      }
      const used = this.consume(chunk, pos, avail);
      if (used <= 0) return this.stop();
      pos += used;
      this.bytesConsumed += used;
    }
  }

  /**
   * The hot loop of a classic pcap: every whole record in the chunk from `pos`, with the byte
   * order and timestamp unit read once rather than per record through unitLength/consume (the
   * general path measured a third of the reader's time). Returns where it stopped: at a record
   * that is incomplete or too long, which the general path then carries or reports.
   */
  private pcapRecords(b: Uint8Array, pos: number): number {
    const end = b.length;
    const little = this.little;
    const scale = this.nano ? 1e-9 : 1e-6;
    const linkType = this.pcapLinkType;
    const sink = this.sink;
    while (pos + 16 <= end) {
      const incl = little ? u32le(b, pos + 8) : u32(b, pos + 8);
      if (incl > MAX_PCAP_RECORD || pos + 16 + incl > end) break;
      const orig = little ? u32le(b, pos + 12) : u32(b, pos + 12);
      this.records++;
      if (orig > incl) this.sliced++;
      this.time = (little ? u32le(b, pos) : u32(b, pos)) + (little ? u32le(b, pos + 4) : u32(b, pos + 4)) * scale;
      sink.onPacket(b, pos + 16, incl, orig, linkType);
      pos += 16 + incl;
      this.bytesConsumed += 16 + incl;
    }
    return pos;
  }

  /** End of input: a unit still incomplete means the capture was cut short. */
  finish(): void {
    if (this.state === 'stopped') return;
    if (this.state === 'magic') {
      this.damage = {
        kind: 'not-a-capture',
        message:
          this.carryLen === 0
            ? 'empty file: not a packet capture'
            : 'too short to be a packet capture',
        offset: 0,
      };
    } else if (this.carryLen > 0) {
      const need = this.unitLength(this.carry, 0, this.carryLen);
      const what =
        this.state === 'pcap-header'
          ? 'file header'
          : this.format === 'pcapng'
            ? 'block'
            : 'packet record';
      this.damage = {
        kind: 'truncated',
        message: `capture truncated: last ${what} at byte ${this.bytesConsumed} has ${this.carryLen}${need > 0 ? ` of ${need}` : ''} bytes`,
        offset: this.bytesConsumed,
      };
    }
    this.carryLen = 0;
    this.state = 'stopped';
  }

  private stop(): void {
    this.state = 'stopped';
    this.carryLen = 0;
  }

  private ensureCarry(size: number): void {
    if (size <= this.carry.length) return;
    const bigger = new Uint8Array(Math.max(size, this.carry.length * 2));
    bigger.set(this.carry.subarray(0, this.carryLen));
    this.carry = bigger;
  }

  /** Bytes needed before unitLength can measure the unit at hand. */
  private headerNeed(): number {
    switch (this.state) {
      case 'magic':
        return 4;
      case 'pcap-header':
        return 24;
      case 'pcap-records':
        return 16;
      default:
        return 12;
    }
  }

  private read32(b: Uint8Array, o: number): number {
    return this.little ? u32le(b, o) : u32(b, o);
  }

  /**
   * Length of the unit starting at `o`: >0 its total size, 0 when more bytes are needed to
   * know, <0 when the bytes are not a valid unit (damage recorded).
   */
  private unitLength(b: Uint8Array, o: number, avail: number): number {
    const need = this.headerNeed();
    if (avail < need) return 0;
    switch (this.state) {
      case 'magic':
        return this.detect(b, o);
      case 'pcap-header':
        return 24;
      case 'pcap-records': {
        const incl = this.read32(b, o + 8);
        if (incl > MAX_PCAP_RECORD) {
          return this.corrupt(
            `packet record at byte ${this.bytesConsumed} claims ${incl} bytes (more than ${MAX_PCAP_RECORD})`,
          );
        }
        return 16 + incl;
      }
      case 'pcapng': {
        const type = this.read32(b, o);
        if (type === PCAPNG_SHB) {
          // A new section may switch byte order: read it from its own byte-order magic.
          const bom = u32le(b, o + 8);
          const little =
            bom === BYTE_ORDER_MAGIC ? true : u32(b, o + 8) === BYTE_ORDER_MAGIC ? false : null;
          if (little === null)
            return this.corrupt(
              `section header at byte ${this.bytesConsumed} has no byte-order magic`,
            );
          this.little = little;
        }
        const len = this.read32(b, o + 4);
        if (len < 12 || len % 4 !== 0 || len > MAX_PCAPNG_BLOCK) {
          return this.corrupt(
            `pcapng block at byte ${this.bytesConsumed} has invalid length ${len}`,
          );
        }
        return len;
      }
      default:
        return -1;
    }
  }

  private corrupt(message: string): number {
    this.damage = {
      kind: 'corrupt',
      message: `capture damaged: ${message}`,
      offset: this.bytesConsumed,
    };
    return -1;
  }

  private detect(b: Uint8Array, o: number): number {
    const be = u32(b, o);
    if (be === 0xa1b2c3d4 || be === 0xa1b23c4d) {
      this.format = 'pcap';
      this.little = false;
      this.nano = be === 0xa1b23c4d;
      this.state = 'pcap-header';
      return 24;
    }
    const le = u32le(b, o);
    if (le === 0xa1b2c3d4 || le === 0xa1b23c4d) {
      this.format = 'pcap';
      this.little = true;
      this.nano = le === 0xa1b23c4d;
      this.state = 'pcap-header';
      return 24;
    }
    if (be === PCAPNG_SHB) {
      this.format = 'pcapng';
      this.state = 'pcapng';
      return 0; // measured again in the pcapng state once 12 bytes are there
    }
    this.damage = {
      kind: 'not-a-capture',
      message: 'not a packet capture: no pcap or pcapng magic number at the start of the file',
      offset: 0,
    };
    return -1;
  }

  /** Handles one complete unit at `o`; returns the bytes used. */
  private consume(b: Uint8Array, o: number, avail: number): number {
    switch (this.state) {
      case 'pcap-header': {
        const major = this.little
          ? (b[o + 4] as number) | ((b[o + 5] as number) << 8)
          : ((b[o + 4] as number) << 8) | (b[o + 5] as number);
        if (major !== 2) {
          this.corrupt(`unsupported pcap version ${major}`);
          return -1;
        }
        // The upper bits of the link-type word carry FCS information; the type is the low 16.
        this.pcapLinkType = this.read32(b, o + 20) & 0xffff;
        this.linkTypes.add(this.pcapLinkType);
        this.state = 'pcap-records';
        return 24;
      }
      case 'pcap-records': {
        const sec = this.read32(b, o);
        const frac = this.read32(b, o + 4);
        const incl = this.read32(b, o + 8);
        const orig = this.read32(b, o + 12);
        if (16 + incl > avail) return 0;
        this.records++;
        if (orig > incl) this.sliced++;
        this.time = sec + frac * (this.nano ? 1e-9 : 1e-6);
        this.sink.onPacket(b, o + 16, incl, orig, this.pcapLinkType);
        return 16 + incl;
      }
      case 'pcapng':
        return this.consumeBlock(b, o);
      default:
        return -1;
    }
  }

  private consumeBlock(b: Uint8Array, o: number): number {
    const type = this.read32(b, o);
    const len = this.read32(b, o + 4);
    switch (type) {
      case PCAPNG_SHB:
        this.interfaces = [];
        break;
      case 1:
        if (this.interfaces.length >= MAX_INTERFACES)
          return this.corrupt(`more than ${MAX_INTERFACES} interfaces in one pcapng section`);
        this.addInterface(b, o, len);
        break;
      case 6: {
        // Enhanced Packet Block
        if (len < 32)
          return this.corrupt(`enhanced packet block at byte ${this.bytesConsumed} too short`);
        const iface = this.interfaces[this.read32(b, o + 8)];
        const incl = this.read32(b, o + 20);
        const orig = this.read32(b, o + 24);
        if (!iface)
          return this.corrupt(
            `packet block at byte ${this.bytesConsumed} names an undeclared interface`,
          );
        if (28 + incl > len - 4)
          return this.corrupt(`packet block at byte ${this.bytesConsumed} overruns its length`);
        const units = this.read32(b, o + 12) * 4294967296 + this.read32(b, o + 16);
        this.records++;
        if (orig > incl) this.sliced++;
        this.time = units / iface.unitsPerSecond;
        this.sink.onPacket(b, o + 28, incl, orig, iface.linkType);
        break;
      }
      case 3: {
        // Simple Packet Block: one interface, no timestamp.
        const iface = this.interfaces[0];
        if (!iface)
          return this.corrupt(
            `simple packet block at byte ${this.bytesConsumed} before any interface`,
          );
        const orig = this.read32(b, o + 8);
        const incl = Math.min(orig, len - 16, iface.snapLen > 0 ? iface.snapLen : orig);
        this.records++;
        if (orig > incl) this.sliced++;
        this.time = 0;
        this.sink.onPacket(b, o + 12, incl, orig, iface.linkType);
        break;
      }
      case 2: {
        // Obsolete Packet Block: interface id is 16 bits.
        const id = this.little
          ? (b[o + 8] as number) | ((b[o + 9] as number) << 8)
          : ((b[o + 8] as number) << 8) | (b[o + 9] as number);
        const iface = this.interfaces[id];
        const incl = this.read32(b, o + 20);
        const orig = this.read32(b, o + 24);
        if (!iface || 28 + incl > len - 4)
          return this.corrupt(`packet block at byte ${this.bytesConsumed} is inconsistent`);
        const units = this.read32(b, o + 12) * 4294967296 + this.read32(b, o + 16);
        this.records++;
        if (orig > incl) this.sliced++;
        this.time = units / iface.unitsPerSecond;
        this.sink.onPacket(b, o + 28, incl, orig, iface.linkType);
        break;
      }
      default:
        this.skippedBlocks++;
    }
    return len;
  }

  private addInterface(b: Uint8Array, o: number, len: number): void {
    const linkType = this.little
      ? (b[o + 8] as number) | ((b[o + 9] as number) << 8)
      : ((b[o + 8] as number) << 8) | (b[o + 9] as number);
    const snapLen = this.read32(b, o + 12);
    let unitsPerSecond = 1e6;
    // Options: code(2) length(2) value, padded to 32 bits; if_tsresol is code 9.
    let p = o + 16;
    const end = o + len - 4;
    while (p + 4 <= end) {
      const code = this.little
        ? (b[p] as number) | ((b[p + 1] as number) << 8)
        : ((b[p] as number) << 8) | (b[p + 1] as number);
      const olen = this.little
        ? (b[p + 2] as number) | ((b[p + 3] as number) << 8)
        : ((b[p + 2] as number) << 8) | (b[p + 3] as number);
      if (code === 0) break;
      if (code === 9 && olen >= 1 && p + 5 <= end) {
        const v = b[p + 4] as number;
        const exp = v & 0x7f;
        unitsPerSecond = v & 0x80 ? 2 ** exp : 10 ** exp;
        if (!(unitsPerSecond > 0) || !Number.isFinite(unitsPerSecond)) unitsPerSecond = 1e6;
      }
      p += 4 + ((olen + 3) & ~3);
    }
    this.interfaces.push({ linkType, snapLen, unitsPerSecond });
    this.linkTypes.add(linkType);
  }
}
