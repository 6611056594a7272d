/** Human units for rates and sizes, as nload prints them (decimal, bits for rates). */
export function formatBps(bps: number | null): string {
  if (bps === null) return '—';
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
  let value = bps;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 2 : 1)} ${units[unit]}`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 2)} ${units[unit]}`;
}

/** A rate in the unit the auditor chose: bits per second, or bytes per second. */
export function formatRate(bps: number | null, unit: 'bits' | 'bytes'): string {
  if (bps === null) return '—';
  if (unit === 'bits') return formatBps(bps);
  return `${formatBytes(bps / 8)}/s`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
}
