import type { LatencyReport, PingReply, PingRun } from '../model/ping';

export interface JitterPoint {
  seq: number;
  rttMs: number;
  /** RFC 3550 running estimate after this reply, ms. */
  jitterMs: number;
}

/**
 * RFC 3550 §6.4.1 interarrival jitter, fed with round-trip times: for echo requests sent at a
 * fixed interval, the difference of two consecutive transit times D(i-1,i) equals the
 * difference of their RTTs, so J += (|D| - J) / 16 over replies in arrival order.
 * Duplicates and replies without a time are skipped; a lost packet simply has no term.
 */
export function interarrivalJitter(replies: readonly PingReply[]): JitterPoint[] {
  const points: JitterPoint[] = [];
  let previous: number | null = null;
  let jitter = 0;
  for (const reply of replies) {
    if (reply.duplicate || reply.rttMs === null) continue;
    if (previous !== null) {
      const d = Math.abs(reply.rttMs - previous);
      jitter += (d - jitter) / 16;
    }
    previous = reply.rttMs;
    points.push({ seq: reply.seq, rttMs: reply.rttMs, jitterMs: jitter });
  }
  return points;
}

function replyEvents(run: PingRun): PingReply[] {
  return run.events.filter((e): e is PingReply => e.kind === 'reply');
}

/** RTT statistics the way iputils computes them (mdev = population standard deviation). */
function rttStats(rtts: number[]): LatencyReport['rtt'] {
  if (rtts.length === 0) return null;
  const sum = rtts.reduce((a, b) => a + b, 0);
  const avg = sum / rtts.length;
  const variance = rtts.reduce((a, b) => a + (b - avg) ** 2, 0) / rtts.length;
  return {
    minMs: Math.min(...rtts),
    avgMs: avg,
    maxMs: Math.max(...rtts),
    mdevMs: Math.sqrt(variance),
  };
}

/** Step 6 figures. Prefers ping's own summary; recomputes from replies when it is missing. */
export function latencyReport(run: PingRun): LatencyReport {
  const replies = replyEvents(run);
  const unique = replies.filter((r) => !r.duplicate);
  const series = interarrivalJitter(replies);
  const rtts = series.map((p) => p.rttMs);
  const deltas = rtts.slice(1).map((v, i) => Math.abs(v - (rtts[i] ?? v)));
  const mtus = run.events
    .map((e) => (e.kind === 'icmp-error' || e.kind === 'local-error' ? e.mtu : null))
    .filter((v): v is number => v !== null);

  const summary = run.summary;
  const transmitted =
    summary?.transmitted ?? Math.max(0, ...run.events.map((e) => ('seq' in e ? e.seq : 0)));
  const received = summary?.received ?? new Set(unique.map((r) => r.seq)).size;
  const lost = Math.max(0, transmitted - received);
  return {
    target: run.target,
    payloadBytes: run.payloadBytes,
    transmitted,
    received,
    lost,
    lossPercent:
      summary?.lossPercent ?? (transmitted > 0 ? Math.round((lost / transmitted) * 1e6) / 1e4 : 0),
    duplicates: summary?.duplicates ?? replies.length - unique.length,
    errors:
      summary?.errors ??
      run.events.filter((e) => e.kind === 'icmp-error' || e.kind === 'local-error').length,
    rtt: summary?.rtt ?? rttStats(rtts),
    jitterMs: series.length >= 2 ? (series.at(-1)?.jitterMs ?? null) : null,
    meanDeltaMs: deltas.length > 0 ? deltas.reduce((a, b) => a + b, 0) / deltas.length : null,
    reportedPathMtu: mtus.length > 0 ? Math.min(...mtus) : null,
    source: summary ? 'summary' : 'replies',
  };
}
