import type { CounterPoints } from './longTermSeries';
import type { LongTermBaseline, LongTermBucket, LongTermGap, LongTermRecreation, LongTermSegment, SegmentEnd } from './longTermSchema';
import { percentileOfSorted, rateStats } from './longTermStats';

export interface BaselineSource {
  prometheus: string;
  instance: string;
  device: string;
  from: number;
  to: number;
  stepSeconds: number;
  queries: number;
}

/** Rates of the intervals between consecutive points of one segment, in time order. */
interface Intervals {
  end: Float64Array;
  seconds: Float64Array;
  rxBps: Float64Array;
  txBps: Float64Array;
  length: number;
}

/**
 * How long an interval between two scrapes may be before it counts as a gap: 2.5 times the
 * usual one (the median), so one missed scrape is bridged (its rate is still a true mean over
 * the interval) but an outage is listed.
 */
export function gapThresholdSeconds(t: Float64Array, stepSeconds: number): number {
  if (t.length < 2) return stepSeconds * 2.5;
  const deltas = new Float64Array(t.length - 1);
  for (let i = 1; i < t.length; i++) deltas[i - 1] = t[i]! - t[i - 1]!;
  deltas.sort();
  return Math.max(stepSeconds, percentileOfSorted(deltas, 50)) * 2.5;
}

function boundaryReason(p: CounterPoints, i: number, gapSeconds: number): SegmentEnd | null {
  const values = [p.rx[i]!, p.tx[i]!, p.ifindex[i]!, p.rx[i - 1]!, p.tx[i - 1]!, p.ifindex[i - 1]!];
  if (p.ifindex[i] !== p.ifindex[i - 1] && values.every(Number.isFinite)) return 'ifindex-change';
  if (p.absentBefore[i] === 1 || p.t[i]! - p.t[i - 1]! > gapSeconds || !values.every(Number.isFinite)) return 'gap';
  if (p.rx[i]! < p.rx[i - 1]! || p.tx[i]! < p.tx[i - 1]!) return 'counter-reset';
  return null;
}

function bucketsOf(iv: Intervals, size: number): LongTermBucket[] {
  const buckets: LongTermBucket[] = [];
  let first = 0;
  for (let i = 0; i <= iv.length; i++) {
    const key = i < iv.length ? Math.floor(iv.end[i]! / size) : Number.NaN;
    if (i > first && (i === iv.length || key !== Math.floor(iv.end[first]! / size))) {
      const ends = iv.end.subarray(first, i);
      const rx = rateStats(iv.rxBps.subarray(first, i), ends);
      const tx = rateStats(iv.txBps.subarray(first, i), ends);
      if (rx && tx) buckets.push({ start: Math.floor(iv.end[first]! / size) * size, intervals: i - first, rx, tx });
      first = i;
    }
  }
  return buckets;
}

/**
 * The long-term baseline of one interface from its scraped counters: the series is split at
 * every ifindex change (the interface was re-created: a redial), counter reset and absence,
 * and a rate is computed only between two scrapes of the same segment — never across a
 * boundary, which is where Prometheus' own rate() invents traffic (a new interface whose
 * counters start above the old one's last value is not a reset to it).
 */
export function computeLongTermBaseline(points: CounterPoints, source: BaselineSource): LongTermBaseline {
  const n = points.t.length;
  const gapSeconds = gapThresholdSeconds(points.t, source.stepSeconds);
  const iv: Intervals = {
    end: new Float64Array(Math.max(0, n - 1)),
    seconds: new Float64Array(Math.max(0, n - 1)),
    rxBps: new Float64Array(Math.max(0, n - 1)),
    txBps: new Float64Array(Math.max(0, n - 1)),
    length: 0,
  };
  const gaps: LongTermGap[] = [];
  const recreations: LongTermRecreation[] = [];
  const segments: LongTermSegment[] = [];
  let counterResets = 0;
  let segmentStart = 0;

  const closeSegment = (last: number, endedBy: SegmentEnd) => {
    const seconds = points.t[last]! - points.t[segmentStart]!;
    const rxBytes = points.rx[last]! - points.rx[segmentStart]!;
    const txBytes = points.tx[last]! - points.tx[segmentStart]!;
    segments.push({
      from: points.t[segmentStart]!,
      to: points.t[last]!,
      ifindex: Number.isFinite(points.ifindex[segmentStart]!) ? points.ifindex[segmentStart]! : -1,
      rxBytes: Number.isFinite(rxBytes) ? rxBytes : 0,
      txBytes: Number.isFinite(txBytes) ? txBytes : 0,
      meanRxBps: seconds > 0 && Number.isFinite(rxBytes) ? (rxBytes * 8) / seconds : 0,
      meanTxBps: seconds > 0 && Number.isFinite(txBytes) ? (txBytes * 8) / seconds : 0,
      endedBy,
    });
  };

  if (n > 0 && points.t[0]! - source.from > gapSeconds) gaps.push({ from: source.from, to: points.t[0]!, seconds: points.t[0]! - source.from });
  for (let i = 1; i < n; i++) {
    const reason = boundaryReason(points, i, gapSeconds);
    if (reason === null) {
      const seconds = points.t[i]! - points.t[i - 1]!;
      const at = iv.length++;
      iv.end[at] = points.t[i]!;
      iv.seconds[at] = seconds;
      iv.rxBps[at] = ((points.rx[i]! - points.rx[i - 1]!) * 8) / seconds;
      iv.txBps[at] = ((points.tx[i]! - points.tx[i - 1]!) * 8) / seconds;
      continue;
    }
    const absent = points.absentBefore[i] === 1 || points.t[i]! - points.t[i - 1]! > gapSeconds;
    if (absent) gaps.push({ from: points.t[i - 1]!, to: points.t[i]!, seconds: points.t[i]! - points.t[i - 1]! });
    if (reason === 'ifindex-change') {
      recreations.push({ at: points.t[i]!, fromIfindex: points.ifindex[i - 1]!, toIfindex: points.ifindex[i]!, acrossGap: absent });
    }
    if (reason === 'counter-reset') counterResets++;
    closeSegment(i - 1, reason);
    segmentStart = i;
  }
  if (n > 0) closeSegment(n - 1, 'end');
  if (n > 0 && source.to - points.t[n - 1]! > gapSeconds) gaps.push({ from: points.t[n - 1]!, to: source.to, seconds: source.to - points.t[n - 1]! });

  const all: Intervals = { ...iv, end: iv.end.subarray(0, iv.length), seconds: iv.seconds.subarray(0, iv.length), rxBps: iv.rxBps.subarray(0, iv.length), txBps: iv.txBps.subarray(0, iv.length) };
  let coveredSeconds = 0;
  for (let i = 0; i < all.length; i++) coveredSeconds += all.seconds[i]!;
  return {
    kind: 'pptp-auditor/long-term-baseline',
    version: 1,
    source,
    overall: { intervals: all.length, coveredSeconds, rx: rateStats(all.rxBps, all.end), tx: rateStats(all.txBps, all.end) },
    hourly: bucketsOf(all, 3600),
    daily: bucketsOf(all, 86_400),
    recreations,
    counterResets,
    gaps,
    segments,
  };
}
