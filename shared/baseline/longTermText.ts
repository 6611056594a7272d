import { formatBps, formatDuration } from '../format/units';
import type { LongTermBaseline, RateStats } from './longTermSchema';

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function stats(r: RateStats | null): string {
  if (!r) return 'no interval measured';
  return `p50 ${formatBps(r.p50)}, p95 ${formatBps(r.p95)}, p99 ${formatBps(r.p99)}, peak ${formatBps(r.peak)} at ${iso(r.peakAt)}`;
}

/**
 * The baseline as the CLI prints it. Every string that came from Prometheus or the user
 * (instance, device) is passed through `safe` (the terminal sanitiser) by the caller.
 */
export function formatLongTermBaseline(b: LongTermBaseline, safe: (text: string) => string): string {
  const s = b.source;
  const lines = [
    `long-term baseline of ${safe(s.device)} on ${safe(s.instance)} (${safe(s.prometheus)})`,
    `range: ${iso(s.from)} to ${iso(s.to)}, step ${s.stepSeconds} s, ${s.queries} queries`,
    `measured: ${formatDuration(b.overall.coveredSeconds)} in ${b.overall.intervals} intervals, ${b.segments.length} segments`,
    `in:  ${stats(b.overall.rx)}`,
    `out: ${stats(b.overall.tx)}`,
    `re-creations of the interface: ${b.recreations.length}${b.counterResets > 0 ? `; counter resets: ${b.counterResets}` : ''}`,
    `gaps: ${b.gaps.length}`,
  ];
  for (const g of b.gaps.slice(0, 20)) lines.push(`  ${iso(g.from)} to ${iso(g.to)} (${formatDuration(g.seconds)})`);
  if (b.gaps.length > 20) lines.push(`  … ${b.gaps.length - 20} more (see --json)`);
  if (b.daily.length > 0) {
    lines.push('per day (p95 in / out, peak in / out):');
    for (const d of b.daily) {
      lines.push(`  ${iso(d.start).slice(0, 10)}  ${formatBps(d.rx.p95)} / ${formatBps(d.tx.p95)}   ${formatBps(d.rx.peak)} / ${formatBps(d.tx.peak)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
