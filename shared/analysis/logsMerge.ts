import type { LogLine } from '../model/logs';

/**
 * Merges lines from several sources (journal and the syslog files rsyslog writes from the
 * same journal) without counting one event twice: a line repeats another when program, pid
 * and message are equal and the times lie within `toleranceMs` (journal µs vs syslog s).
 * Lines without time (pppd logfiles) are never merged away: they cannot be matched safely.
 */
export function mergeLogLines(
  sources: ReadonlyArray<readonly LogLine[]>,
  toleranceMs = 2000,
): LogLine[] {
  // One source cannot repeat another: skip the bookkeeping (a 100 MB syslog is 1M lines).
  if (sources.length <= 1) return [...(sources[0] ?? [])];
  const seen = new Map<string, number[]>();
  const merged: LogLine[] = [];
  for (const lines of sources) {
    const added: Array<[string, number]> = [];
    for (const line of lines) {
      if (line.time === null) {
        merged.push(line);
        continue;
      }
      const key = `${line.program ?? ''}|${line.pid ?? ''}|${line.message}`;
      const times = seen.get(key);
      if (times?.some((t) => Math.abs(t - (line.time as number)) <= toleranceMs)) continue;
      merged.push(line);
      added.push([key, line.time]);
    }
    // Register after the whole source: identical lines inside one source are real repeats.
    for (const [key, time] of added) {
      const list = seen.get(key);
      if (list) list.push(time);
      else seen.set(key, [time]);
    }
  }
  return merged;
}
