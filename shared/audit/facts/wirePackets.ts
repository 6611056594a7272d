import { WireDecoder } from '../../wire/wireDecoder';

/**
 * The wire decoder counts but does not remember packet numbers; WireFacts cites them. This
 * subclass watches the decoder's counters around each packet (a handful of comparisons, no
 * allocation on the hot path) and notes the 1-based number of the packet that first moved
 * each one, plus the packet of every PPTP control message and PPP control event it logged.
 */
export class NumberingWireDecoder extends WireDecoder {
  firstControlPacket: number | null = null;
  firstGrePacket: number | null = null;
  firstCleartextPacket: number | null = null;
  firstFragmentPacket: number | null = null;
  /** Largest outer IP packet (all fragments) of the GRE stream. */
  largestGrePacket = 0;
  /** Packet number of each entry of control.log, by index. */
  readonly controlLogPackets: number[] = [];
  /** Packet number of each entry of negotiation.events, by index. */
  readonly pppEventPackets: number[] = [];
  /** Packet number of the first packet of each GRE flow, by index in flowList. */
  readonly flowFirstPackets: number[] = [];

  override onPacket(b: Uint8Array, o: number, cap: number, orig: number, linkType: number): void {
    const tcp = this.tcpControlSegments;
    const gre = this.grePackets;
    const greBytes = this.greBytes;
    const clear = this.cleartextFrames;
    const mppe = this.encryptedFrames;
    const fragments = this.fragments.stats.fragments;
    super.onPacket(b, o, cap, orig, linkType);
    const n = this.packets;
    if (this.firstControlPacket === null && this.tcpControlSegments !== tcp) this.firstControlPacket = n;
    if (this.grePackets !== gre) {
      if (this.firstGrePacket === null) this.firstGrePacket = n;
      const size = this.greBytes - greBytes;
      if (size > this.largestGrePacket) this.largestGrePacket = size;
    }
    if (this.firstFragmentPacket === null && this.fragments.stats.fragments !== fragments) this.firstFragmentPacket = n;
    if (this.firstCleartextPacket === null) {
      if (this.cleartextFrames !== clear) this.firstCleartextPacket = n;
      // Summing over the flows is cheap for the usual handful; on a capture with very many
      // calls the packet of the first compressed-only frame is simply not cited.
      else if (this.encryptedFrames !== mppe && this.flowList.length <= 64 && this.mppeWithoutEncryptedBit() > 0) this.firstCleartextPacket = n;
    }
    while (this.controlLogPackets.length < this.control.log.length) this.controlLogPackets.push(n);
    while (this.pppEventPackets.length < this.negotiation.events.length) this.pppEventPackets.push(n);
    while (this.flowFirstPackets.length < this.flowList.length) this.flowFirstPackets.push(n);
  }

  /** 0x00FD frames without the MPPE encrypted bit (compressed only: readable). */
  private mppeWithoutEncryptedBit(): number {
    let total = 0;
    for (const f of this.flowList) total += f.encrypted - f.mppeEncryptedBit;
    return total;
  }
}
