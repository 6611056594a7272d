import type { LogLine } from '../model/logs';

/**
 * Merges lines from several sources (journal and the syslog files rsyslog writes from the
 * same journal) without counting one event twice: a line repeats another when program, pid
 * and message are equal and the times lie within `toleranceMs` (journal µs vs syslog s).
 *
 * Lines without time come from pppd `logfile`s, which repeat what pppd also sent to syslog.
 * An untimed line is dropped when a timed pppd line with the same message is still unmatched
 * (multiset matching), so a logfile read next to the syslog adds only what syslog lacks.
 */
export function mergeLogLines(
  sources: ReadonlyArray<readonly LogLine[]>,
  toleranceMs = 2000,
): LogLine[] {
  // One source cannot repeat another: skip the bookkeeping (a 100 MB syslog is 1M lines).
  if (sources.length <= 1) return [...(sources[0] ?? [])];
  const seen = new Map<string, number[]>();
  const timed: LogLine[] = [];
  const untimed: LogLine[][] = [];
  for (const lines of sources) {
    const added: Array<[string, number]> = [];
    const bare: LogLine[] = [];
    for (const line of lines) {
      if (line.time === null) {
        bare.push(line);
        continue;
      }
      const key = `${line.program ?? ''}|${line.pid ?? ''}|${line.message}`;
      const times = seen.get(key);
      if (times?.some((t) => Math.abs(t - (line.time as number)) <= toleranceMs)) continue;
      timed.push(line);
      added.push([key, line.time]);
    }
    if (bare.length > 0) untimed.push(bare);
    // Register after the whole source: identical lines inside one source are real repeats.
    for (const [key, time] of added) {
      const list = seen.get(key);
      if (list) list.push(time);
      else seen.set(key, [time]);
    }
  }
  const available = new Map<string, number>();
  for (const line of timed) {
    if ((line.program ?? '').toLowerCase() !== 'pppd') continue;
    const key = line.message.trim();
    available.set(key, (available.get(key) ?? 0) + 1);
  }
  const kept: LogLine[] = [...timed];
  // With no timed pppd line at all, every logfile is evidence of its own.
  if (available.size === 0) return [...kept, ...untimed.flat()];
  for (const lines of untimed) {
    for (const line of lines) {
      const key = line.message.trim();
      const n = available.get(key) ?? 0;
      if (n > 0) available.set(key, n - 1);
      else kept.push(line);
    }
  }
  return kept;
}
