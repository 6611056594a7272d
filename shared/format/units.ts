/**
 * THE rounding rule for every figure the auditor reads (GUI, chart ticks, PDF): three
 * significant digits, but never fewer than the integer digits, and no trailing zeros.
 * So 0.0423 ms prints "0.0423 ms" (not "0.0 ms"), 12.345 "12.3", 750 "750", 1234.5 "1235",
 * 2 "2". One rule, so the same value reads the same on the cover, in a table and on an axis.
 */
export const SIGNIFICANT_DIGITS = 3;

export function roundSignificant(value: number, digits = SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return Number(value.toFixed(Math.min(decimals, 20)));
}

/** A number by the rule above; "—" for null or a value that is not a number. */
export function formatNumber(value: number | null, digits = SIGNIFICANT_DIGITS): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const rounded = roundSignificant(value, digits);
  // Exponent notation never reaches the page: a value below 1e-6 is printed in full decimals.
  if (Math.abs(rounded) > 0 && Math.abs(rounded) < 1e-6) return rounded.toFixed(20).replace(/0+$/, '');
  return String(rounded === 0 ? 0 : rounded);
}

/** A figure with its unit ("0.0423 ms", "12.3 %"), or "—". */
export function formatQuantity(value: number | null, unit: string): string {
  return value === null || !Number.isFinite(value) ? '—' : `${formatNumber(value)} ${unit}`;
}

export const formatMs = (ms: number | null): string => formatQuantity(ms, 'ms');
export const formatPercent = (percent: number | null): string => formatQuantity(percent, '%');
/** A ratio 0..1 as a percentage. */
export const formatShare = (ratio: number | null): string => formatPercent(ratio === null ? null : ratio * 100);
export const formatMbps = (mbps: number | null): string => formatQuantity(mbps, 'Mbit/s');

function scaled(value: number, units: string[]): string {
  let v = value;
  let unit = 0;
  // Scale on the rounded value, so 999.7 kbit/s reads "1 Mbit/s", not "1000 kbit/s".
  while (Math.abs(roundSignificant(v)) >= 1000 && unit < units.length - 1) {
    v /= 1000;
    unit++;
  }
  return `${formatNumber(unit === 0 && Math.abs(v) >= 1 ? Math.round(v) : v)} ${units[unit]}`;
}

const BIT_RATE_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Human units for rates and sizes, as nload prints them (decimal, bits for rates). */
export function formatBps(bps: number | null): string {
  if (bps === null || !Number.isFinite(bps)) return '—';
  return scaled(bps, BIT_RATE_UNITS);
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  return scaled(bytes, BYTE_UNITS);
}

/** A rate in the unit the auditor chose: bits per second, or bytes per second. */
export function formatRate(bps: number | null, unit: 'bits' | 'bytes'): string {
  if (bps === null || !Number.isFinite(bps)) return '—';
  if (unit === 'bits') return formatBps(bps);
  return `${formatBytes(bps / 8)}/s`;
}

/**
 * One scale for several series on one axis (rx and tx share the chart): the unit the largest
 * value needs, so a small series is drawn and labelled in the same unit, never flattened.
 */
export interface RateScale {
  divisor: number;
  unit: string;
}

export function rateScale(maxBps: number, unit: 'bits' | 'bytes'): RateScale {
  const units = unit === 'bits' ? BIT_RATE_UNITS : BYTE_UNITS.map((u) => `${u}/s`);
  const base = unit === 'bits' ? 1 : 8;
  let divisor = base;
  let index = 0;
  while (Math.abs(maxBps) / divisor >= 1000 && index < units.length - 1) {
    divisor *= 1000;
    index++;
  }
  return { divisor, unit: units[index]! };
}

/** A tick or value in a fixed scale: "750 kB/s", "1.25 Mbit/s". */
export function formatInScale(bps: number | null, scale: RateScale): string {
  if (bps === null || !Number.isFinite(bps)) return '—';
  return `${formatNumber(bps / scale.divisor)} ${scale.unit}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${formatNumber(seconds)} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
}
