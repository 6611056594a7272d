/**
 * Accounting of one GRE direction of one call: the sender's address, the receiver's address
 * and the call ID carried (which is the *receiver's* call ID, RFC 2637 §4.1). Sequence numbers
 * are tracked in a sliding window of recent values so a late packet can be told apart from a
 * duplicate without keeping every number ever seen.
 */
const WINDOW_BITS = 4096;
const WINDOW_WORDS = WINDOW_BITS / 32;
/** A jump larger than this is a new sequence space (peer restarted), not a loss burst. */
const MAX_PLAUSIBLE_GAP = 1 << 20;

export class GreFlow {
  packets = 0;
  /** Outer IP bytes (all fragments) of this direction's GRE packets. */
  bytes = 0;
  /** Sum of the GRE payload length field. */
  payloadBytes = 0;
  dataPackets = 0;
  ackOnly = 0;
  withSeq = 0;
  withAck = 0;
  lost = 0;
  reordered = 0;
  duplicates = 0;
  resyncs = 0;
  firstSeq = -1;
  maxSeq = -1;
  lastAck = -1;
  ackLagMax = 0;
  ackLagSum = 0;
  ackLagSamples = 0;
  firstTime = 0;
  lastTime = 0;
  encrypted = 0;
  cleartext = 0;
  /** Frames whose MPPE header has the flushed bit (A): in stateless mode every frame has it. */
  mppeFlushed = 0;
  /** MPPE frames whose 2-byte header was captured (the bits below are counted over these). */
  mppeHeaders = 0;
  mppeEncryptedBit = 0;
  mppeCompressedBit = 0;
  /** MPPE coherency count jumps other than +1 (12-bit), a second view on loss. */
  coherencyJumps = 0;
  lastCoherency = -1;
  /** The flow in the opposite direction of the same call, once known. */
  reverse: GreFlow | null = null;
  reverseEpoch = -1;
  private readonly window = new Uint32Array(WINDOW_WORDS);

  constructor(
    readonly callId: number,
    readonly src: string,
    readonly dst: string,
    readonly srcKey: number,
    readonly dstKey: number,
  ) {}

  /** Records one sequence number (RFC 1982 serial arithmetic on 32 bits). */
  seq(s: number): void {
    this.withSeq++;
    if (this.maxSeq < 0) {
      this.firstSeq = s;
      this.maxSeq = s;
      this.window.fill(0);
      this.mark(s);
      return;
    }
    const diff = (s - this.maxSeq) | 0;
    if (diff === 1) {
      // The usual case, in order: the slot of s is marked (it held s - WINDOW_BITS, now gone).
      this.maxSeq = s;
      this.mark(s);
      return;
    }
    if (diff > 0) {
      if (diff > MAX_PLAUSIBLE_GAP) {
        this.resyncs++;
        this.maxSeq = s;
        this.window.fill(0);
        this.mark(s);
        return;
      }
      this.lost += diff - 1;
      // Clear the window slots of the numbers we just skipped over (they are now "missing").
      if (diff >= WINDOW_BITS) this.window.fill(0);
      else for (let i = 1; i <= diff; i++) this.unmark((this.maxSeq + i) >>> 0);
      this.maxSeq = s;
      this.mark(s);
      return;
    }
    if (diff === 0) {
      this.duplicates++;
      return;
    }
    if (-diff >= WINDOW_BITS) {
      // Older than the window: we cannot tell a late packet from a duplicate. Count it as a
      // duplicate only if it is before the first number seen, else as reordered.
      if (diff < -MAX_PLAUSIBLE_GAP) {
        this.resyncs++;
        this.maxSeq = s;
        this.window.fill(0);
        this.mark(s);
      } else {
        this.reordered++;
        if (this.lost > 0) this.lost--;
      }
      return;
    }
    if (((s - this.firstSeq) | 0) < 0) {
      // Before the first number seen: not a gap we counted, so not a loss to take back.
      this.reordered++;
      this.firstSeq = s;
      this.mark(s);
      return;
    }
    if (this.isMarked(s)) {
      this.duplicates++;
      return;
    }
    this.mark(s);
    this.reordered++;
    if (this.lost > 0) this.lost--;
  }

  ack(a: number): void {
    this.withAck++;
    this.lastAck = a;
    const r = this.reverse;
    if (r !== null && r.maxSeq >= 0) {
      const lag = (r.maxSeq - a) | 0;
      if (lag >= 0 && lag < MAX_PLAUSIBLE_GAP) {
        if (lag > this.ackLagMax) this.ackLagMax = lag;
        this.ackLagSum += lag;
        this.ackLagSamples++;
      }
    }
  }

  coherency(count: number): void {
    if (this.lastCoherency >= 0 && count !== ((this.lastCoherency + 1) & 0xfff))
      this.coherencyJumps++;
    this.lastCoherency = count;
  }

  private mark(s: number): void {
    const bit = s % WINDOW_BITS;
    const w = this.window;
    const i = bit >>> 5;
    w[i] = (w[i] as number) | (1 << (bit & 31));
  }

  private unmark(s: number): void {
    const bit = s % WINDOW_BITS;
    const w = this.window;
    const i = bit >>> 5;
    w[i] = (w[i] as number) & ~(1 << (bit & 31));
  }

  private isMarked(s: number): boolean {
    const bit = s % WINDOW_BITS;
    return (((this.window[bit >>> 5] as number) >>> (bit & 31)) & 1) === 1;
  }
}
