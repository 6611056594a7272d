/** One event printed by iputils ping, in the order it appeared. */
export type PingEvent = PingReply | PingIcmpError | PingLocalError | PingNoAnswer;

export interface PingReply {
  kind: 'reply';
  seq: number;
  /** Bytes of ICMP payload + header the reply carried ("1408 bytes from"). */
  bytes: number;
  from: string;
  ttl: number | null;
  /** Milliseconds; null when ping could not time it (tiny payloads). */
  rttMs: number | null;
  duplicate: boolean;
}

/** "From X icmp_seq=N <reason>": an ICMP error sent back by a router or the local stack. */
export interface PingIcmpError {
  kind: 'icmp-error';
  seq: number;
  from: string;
  reason: string;
  /** Set for "Frag needed and DF set (mtu = N)" and "Packet too big: mtu=N". */
  mtu: number | null;
}

/** "ping: local error: message too long, mtu=N": the kernel refused to send. */
export interface PingLocalError {
  kind: 'local-error';
  message: string;
  mtu: number | null;
}

/** "no answer yet for icmp_seq=N" (ping -O). */
export interface PingNoAnswer {
  kind: 'no-answer';
  seq: number;
}

export interface PingSummary {
  transmitted: number;
  received: number;
  duplicates: number;
  errors: number;
  lossPercent: number;
  timeMs: number | null;
  rtt: { minMs: number; avgMs: number; maxMs: number; mdevMs: number } | null;
}

export interface PingRun {
  target: string | null;
  /** The address ping resolved the target to. */
  address: string | null;
  family: 'inet' | 'inet6' | null;
  /** Data bytes per request (-s). */
  payloadBytes: number | null;
  events: PingEvent[];
  /** The statistics block; null when ping was killed before printing it. */
  summary: PingSummary | null;
  /** Lines that matched nothing we know (kept for the evidence, never dropped silently). */
  unparsed: string[];
  warnings: string[];
}

/** What the audit reports for step 6, computed from a PingRun. */
export interface LatencyReport {
  target: string | null;
  payloadBytes: number | null;
  transmitted: number;
  received: number;
  lost: number;
  lossPercent: number;
  duplicates: number;
  errors: number;
  rtt: { minMs: number; avgMs: number; maxMs: number; mdevMs: number } | null;
  /** RFC 3550 interarrival jitter estimate after the last reply, ms. */
  jitterMs: number | null;
  /** Mean absolute difference of consecutive RTTs, ms (what most tools call jitter). */
  meanDeltaMs: number | null;
  /** Smallest path MTU any "Frag needed"/local error reported, if any. */
  reportedPathMtu: number | null;
  /** Where the numbers come from: ping's own summary, or recomputed from replies. */
  source: 'summary' | 'replies';
}
