/**
 * Per-packet cost of PPTP against WireGuard and IKEv2/ESP for the inner packet sizes actually
 * observed. Header arithmetic only (RFC 2637/2784/1661/3078 for PPTP, the WireGuard paper,
 * RFC 4303/4106 for ESP with AES-GCM-128): it bounds what the same link can carry, it does not
 * model CPU limits, which the report states separately.
 */
export type TunnelProtocol = 'pptp' | 'wireguard' | 'ikev2';

export const PROTOCOL_LABELS: Record<TunnelProtocol, string> = {
  pptp: 'PPTP (GRE + PPP + MPPE)',
  wireguard: 'WireGuard (UDP)',
  ikev2: 'IKEv2 / ESP AES-GCM-128 (tunnel mode, NAT-T)',
};

/**
 * Nominal PPTP overhead when the capture does not give a measured one: outer IPv4 20, enhanced
 * GRE with sequence and acknowledgment 16, PPP address/control 2 + protocol 2, MPPE header 2,
 * inner PPP protocol 2.
 */
export const PPTP_NOMINAL_OVERHEAD = 44;

/** Bytes added around an inner IP packet of `size` bytes. */
export function overheadBytes(protocol: TunnelProtocol, size: number, pptpOverhead = PPTP_NOMINAL_OVERHEAD): number {
  switch (protocol) {
    case 'pptp':
      return pptpOverhead;
    case 'wireguard': {
      // IPv4 20 + UDP 8 + message header 16 + Poly1305 tag 16; plaintext padded to 16 bytes.
      const padding = (16 - (size % 16)) % 16;
      return 20 + 8 + 16 + 16 + padding;
    }
    case 'ikev2': {
      // IPv4 20 + UDP 8 (NAT-T) + ESP SPI/sequence 8 + IV 8 + ICV 16; the trailer (pad length,
      // next header) is 2 bytes and the plaintext plus trailer is padded to 4 bytes.
      const padding = (4 - ((size + 2) % 4)) % 4;
      return 20 + 8 + 8 + 8 + 16 + 2 + padding;
    }
  }
}

export function efficiency(protocol: TunnelProtocol, size: number, pptpOverhead?: number): number {
  return size / (size + overheadBytes(protocol, size, pptpOverhead));
}

export interface MigrationRow {
  /** Inner packet size, bytes. */
  size: number;
  /** Share of the audited traffic at this size (0..1), when the capture gave a histogram. */
  share: number | null;
  overhead: Record<TunnelProtocol, number>;
  efficiency: Record<TunnelProtocol, number>;
}

export interface MigrationAnalysis {
  rows: MigrationRow[];
  /** Traffic-weighted efficiency per protocol over the observed sizes. */
  weighted: Record<TunnelProtocol, number>;
  pptpOverheadSource: 'measured' | 'nominal';
  pptpOverheadBytes: number;
  /** Payload each protocol can carry over the carrier, from header arithmetic, Mbit/s. */
  linkPayloadMbps: Record<TunnelProtocol, number> | null;
  linkSpeedMbps: number | null;
  /** Highest tunnel throughput measured during the audit (either direction), Mbit/s. */
  measuredPptpMaxMbps: number | null;
}

const PROTOCOLS: TunnelProtocol[] = ['pptp', 'wireguard', 'ikev2'];

function perProtocol(f: (p: TunnelProtocol) => number): Record<TunnelProtocol, number> {
  return { pptp: f('pptp'), wireguard: f('wireguard'), ikev2: f('ikev2') };
}

export interface ObservedSize {
  size: number;
  packets: number;
}

/** Typical sizes when no capture histogram exists: telemetry polls, TCP ACKs, bulk frames. */
export const DEFAULT_SIZES: ObservedSize[] = [
  { size: 64, packets: 1 },
  { size: 576, packets: 1 },
  { size: 1400, packets: 1 },
];

export function migrationAnalysis(input: {
  sizes: ObservedSize[] | null;
  measuredPptpOverhead: number | null;
  linkSpeedMbps: number | null;
  measuredPptpMaxMbps: number | null;
}): MigrationAnalysis {
  const sizes = input.sizes && input.sizes.some((s) => s.packets > 0) ? input.sizes.filter((s) => s.packets > 0) : DEFAULT_SIZES;
  const histogram = input.sizes !== null && sizes !== DEFAULT_SIZES;
  const pptpOverhead = input.measuredPptpOverhead ?? PPTP_NOMINAL_OVERHEAD;
  const total = sizes.reduce((n, s) => n + s.packets, 0);
  const rows: MigrationRow[] = sizes.map((s) => ({
    size: s.size,
    share: histogram ? s.packets / total : null,
    overhead: perProtocol((p) => overheadBytes(p, s.size, pptpOverhead)),
    efficiency: perProtocol((p) => efficiency(p, s.size, pptpOverhead)),
  }));
  const weighted = perProtocol((p) => {
    let payload = 0;
    let wire = 0;
    for (const s of sizes) {
      payload += s.size * s.packets;
      wire += (s.size + overheadBytes(p, s.size, pptpOverhead)) * s.packets;
    }
    return wire > 0 ? payload / wire : 0;
  });
  return {
    rows,
    weighted,
    pptpOverheadSource: input.measuredPptpOverhead === null ? 'nominal' : 'measured',
    pptpOverheadBytes: pptpOverhead,
    linkPayloadMbps:
      input.linkSpeedMbps === null ? null : perProtocol((p) => (input.linkSpeedMbps as number) * weighted[p]),
    linkSpeedMbps: input.linkSpeedMbps,
    measuredPptpMaxMbps: input.measuredPptpMaxMbps,
  };
}

export { PROTOCOLS as MIGRATION_PROTOCOLS };
