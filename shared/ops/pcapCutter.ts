/**
 * Cuts a pcap byte stream (tcpdump -w -) at a size cap WITHOUT leaving half a packet at the end:
 * bytes are released only in whole records (global header first), so the file on disk is always
 * a valid pcap, and the first record that would cross the cap ends the capture.
 *
 * pcap layout: 24-byte global header (magic a1b2c3d4 / a1b23c4d in either byte order), then
 * records of a 16-byte header (incl_len at offset 8) followed by incl_len bytes.
 */
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
/** Larger than any snapshot length tcpdump uses (262144): a bigger length means garbage. */
const MAX_RECORD = 16 * 1024 * 1024;

export interface CutResult {
  /** Whole records (or the global header) to append to the file now. */
  write: Uint8Array[];
  /** The cap was reached (or the stream is not a pcap): stop capturing, write nothing more. */
  capped: boolean;
  problem?: string;
}

export class PcapCutter {
  private readonly maxBytes: number;
  private written = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private header = new Uint8Array(GLOBAL_HEADER);
  private headerFill = 0;
  private headerNeed = GLOBAL_HEADER;
  private littleEndian: boolean | null = null;
  private skip = 0;
  private done = false;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get bytesWritten(): number {
    return this.written;
  }

  get capped(): boolean {
    return this.done;
  }

  accept(chunk: Uint8Array): CutResult {
    const out: Uint8Array[] = [];
    if (this.done) return { write: out, capped: true };
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.hold(chunk.subarray(i, i + n));
        i += n;
        this.skip -= n;
        if (this.skip === 0 && !this.boundary(out)) return { write: out, capped: true };
        continue;
      }
      const n = Math.min(this.headerNeed - this.headerFill, chunk.length - i);
      this.header.set(chunk.subarray(i, i + n), this.headerFill);
      this.hold(chunk.subarray(i, i + n));
      this.headerFill += n;
      i += n;
      if (this.headerFill < this.headerNeed) continue;
      if (this.littleEndian === null) {
        const endian = magicEndian(this.header);
        if (endian === null) return this.fail(out, 'not a pcap stream (unknown magic number)');
        this.littleEndian = endian;
        if (!this.boundary(out)) return { write: out, capped: true };
      } else {
        const view = new DataView(this.header.buffer, this.header.byteOffset, RECORD_HEADER);
        const inclLen = view.getUint32(8, this.littleEndian);
        if (inclLen > MAX_RECORD) return this.fail(out, 'corrupt pcap record length');
        this.skip = inclLen;
        if (inclLen === 0 && !this.boundary(out)) return { write: out, capped: true };
      }
      this.headerFill = 0;
      this.headerNeed = RECORD_HEADER;
    }
    return { write: out, capped: false };
  }

  private hold(bytes: Uint8Array): void {
    // Copy: the caller may reuse its buffer.
    this.pending.push(bytes.slice());
    this.pendingBytes += bytes.length;
  }

  /** A record (or the global header) is complete: release it if it fits under the cap. */
  private boundary(out: Uint8Array[]): boolean {
    if (this.written + this.pendingBytes > this.maxBytes) {
      this.done = true;
      this.pending = [];
      this.pendingBytes = 0;
      return false;
    }
    out.push(...this.pending);
    this.written += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    return true;
  }

  private fail(out: Uint8Array[], problem: string): CutResult {
    this.done = true;
    this.pending = [];
    this.pendingBytes = 0;
    return { write: out, capped: true, problem };
  }
}

function magicEndian(header: Uint8Array): boolean | null {
  const view = new DataView(header.buffer, header.byteOffset, 4);
  const le = view.getUint32(0, true);
  if (le === 0xa1b2c3d4 || le === 0xa1b23c4d) return true;
  const be = view.getUint32(0, false);
  if (be === 0xa1b2c3d4 || be === 0xa1b23c4d) return false;
  return null;
}
