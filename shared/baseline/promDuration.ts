/** Prometheus-style durations ("30d", "1h30m", "60s", "500ms") in seconds; null when garbled. */
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

export function parsePromDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(trimmed)) return null;
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  return seconds > 0 && Number.isFinite(seconds) ? seconds : null;
}

/** "30d", "2h", "45s": the largest unit that divides evenly, for messages and the report. */
export function formatPromDuration(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
