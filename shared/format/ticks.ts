/**
 * Axis ticks a reader can count on: values at 1, 2 or 5 × 10^k (so never "0.135 ms"), times at
 * whole seconds, minutes or hours aligned to the clock (so never ":51 then :01"). Charts pass
 * these to the axis explicitly instead of letting the chart library pick from the data.
 */

/** The smallest 1/2/5 × 10^k step that fits `span` into about `count` intervals. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** Strips binary noise (0.30000000000000004) from a multiple of a decimal step. */
function clean(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(value.toFixed(Math.min(decimals, 20)));
}

/** Value ticks from 0 (or the nice floor of `min` when it is negative) up to a nice ceiling over `max`. */
export function niceValueTicks(min: number, max: number, count = 4): number[] {
  const lo = Math.min(0, Number.isFinite(min) ? min : 0);
  const hi = Number.isFinite(max) && max > lo ? max : lo + 1;
  const step = niceStep(hi - lo, count);
  const first = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let v = first; v < hi + step * 0.999; v += step) ticks.push(clean(v, step));
  return ticks;
}

/** Steps a time axis may use, in milliseconds: whole seconds, minutes and hours. */
const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map(
  (s) => s * 1000,
);

/** The regular time step that fits [from, to] (epoch ms) into at most about `count` ticks. */
export function timeStepMs(from: number, to: number, count = 6): number {
  const span = Math.max(1, to - from);
  return TIME_STEPS_MS.find((step) => span / step <= count) ?? TIME_STEPS_MS.at(-1)!;
}

/** Time ticks at multiples of one regular step, aligned to the clock (UTC), inside [from, to]. */
export function timeTicks(from: number, to: number, count = 6): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return [];
  const step = timeStepMs(from, to, count);
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}
