/**
 * A deliberately tiny, independent reader of classic pcap files with Ethernet/IPv4 frames,
 * used to check the packet numbers the adapters cite: "packet N" must really be the packet
 * the fact talks about, whatever the decoder under test believes. Frame numbers are 1-based,
 * as in Wireshark.
 */
export interface Frame {
  number: number;
  /** The IPv4 packet (header included), as captured. */
  ip: Uint8Array;
}

export function ipv4Frames(pcap: Uint8Array): Frame[] {
  const view = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength);
  const magic = view.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && view.getUint32(0, false) !== 0xa1b2c3d4 && view.getUint32(0, false) !== 0xa1b23c4d) throw new Error('not a classic pcap');
  if (view.getUint32(20, le) !== 1) throw new Error('not Ethernet');
  const frames: Frame[] = [];
  let o = 24;
  let n = 0;
  while (o + 16 <= pcap.length) {
    const incl = view.getUint32(o + 8, le);
    const data = pcap.subarray(o + 16, o + 16 + incl);
    n++;
    if (data.length >= 34 && data[12] === 0x08 && data[13] === 0x00) frames.push({ number: n, ip: data.subarray(14) });
    o += 16 + incl;
  }
  return frames;
}

const u16 = (b: Uint8Array, o: number) => ((b[o] as number) << 8) | (b[o + 1] as number);

export function ipProto(f: Frame): number {
  return f.ip[9] as number;
}

export function isFragment(f: Frame): boolean {
  return (u16(f.ip, 6) & 0x3fff) !== 0;
}

export function ipTotalLength(f: Frame): number {
  return u16(f.ip, 2);
}

export function tcpPorts(f: Frame): [number, number] | null {
  if (ipProto(f) !== 6 || isFragment(f)) return null;
  const ihl = ((f.ip[0] as number) & 15) * 4;
  return [u16(f.ip, ihl), u16(f.ip, ihl + 2)];
}

/** PPP protocol and the first payload byte (the control code) of an unfragmented GRE frame. */
export function pppOfGre(f: Frame): { protocol: number; code: number | null } | null {
  if (ipProto(f) !== 47 || isFragment(f)) return null;
  const ihl = ((f.ip[0] as number) & 15) * 4;
  const g = f.ip.subarray(ihl);
  if (g.length < 8 || u16(g, 2) !== 0x880b || u16(g, 4) === 0) return null;
  let p = 8 + ((g[0] as number) & 0x10 ? 4 : 0) + ((g[1] as number) & 0x80 ? 4 : 0);
  if (g[p] === 0xff && g[p + 1] === 0x03) p += 2;
  let protocol = g[p] as number;
  if ((protocol & 1) === 1) p += 1;
  else {
    protocol = (protocol << 8) | (g[p + 1] as number);
    p += 2;
  }
  return { protocol, code: p < g.length ? (g[p] as number) : null };
}
