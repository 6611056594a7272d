/** Why a sample starts a new segment: no rate is ever computed across one of these. */
export type GapReason =
  | 'start'
  | 'counter-reset'
  | 'ifindex-changed'
  | 'vanished'
  | 'returned'
  /** The auditor lost the connection to a remote gateway: a gap in the measurement, not in the tunnel. */
  | 'connection-lost';

/** One reading of one interface's counters, with rates over the interval since the previous one. */
export interface ThroughputSample {
  /** Milliseconds since the epoch. */
  t: number;
  iface: string;
  /** null while the interface is absent. */
  ifindex: number | null;
  present: boolean;
  /** Milliseconds since the previous reading of the same segment; null on a gap. */
  intervalMs: number | null;
  rxBytes: number | null;
  txBytes: number | null;
  rxPackets: number | null;
  txPackets: number | null;
  /** Bits per second over the last interval; null on a gap. */
  rxBps: number | null;
  txBps: number | null;
  rxPps: number | null;
  txPps: number | null;
  /** Errors and drops that happened in the last interval (0 on a gap). */
  rxErrors: number;
  txErrors: number;
  rxDropped: number;
  txDropped: number;
  gap: boolean;
  gapReason: GapReason | null;
}

/** Samples travel in batches stamped so a stale or missing batch is visible. */
export interface SampleBatch {
  sessionId: string;
  seq: number;
  samples: ThroughputSample[];
}

export interface DirectionStats {
  currentBps: number | null;
  avgBps: number | null;
  minBps: number | null;
  maxBps: number | null;
  /** Bytes counted across every segment (what the counters really moved while we watched). */
  totalBytes: number;
  totalPackets: number;
  errors: number;
  dropped: number;
}

export interface ThroughputStats {
  rx: DirectionStats;
  tx: DirectionStats;
  samples: number;
  gaps: number;
  /** Seconds of valid (non-gap) measurement. */
  measuredSeconds: number;
}
