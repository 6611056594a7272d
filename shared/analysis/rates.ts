import type { InterfaceCounters } from '../parsers/procNetDev';
import type { GapReason, ThroughputSample } from '../model/throughput';

/** One reading of one interface, as a collector took it. */
export interface CounterReading {
  /** Wall clock, ms since the epoch (what the auditor sees). */
  t: number;
  /** Monotonic clock in ms (what intervals are computed from: NTP steps must not fake rates). */
  mono: number;
  iface: string;
  /** null when the interface does not exist at this moment. */
  ifindex: number | null;
  counters: InterfaceCounters | null;
}

const TWO_32 = 1n << 32n;
const TWO_64 = 1n << 64n;
/** No single link we audit moves more than this; a larger "delta" is a reset, not traffic. */
export const MAX_PLAUSIBLE_BITS_PER_SECOND = 400e9;

type Delta = { kind: 'ok'; value: bigint } | { kind: 'reset' };

/**
 * The increase of a counter between two readings. A decrease is either a wrap (32-bit
 * counters of old drivers, or 64-bit in theory) or a reset (interface re-created, driver
 * reloaded). A wrap is accepted only when the counter was in the upper half of its range and
 * the implied increase is physically plausible; anything else is a reset, because a reset
 * misread as a wrap would draw a spike of gigabits that never happened.
 */
export function counterDelta(prev: bigint, next: bigint, maxPlausible: bigint): Delta {
  if (next >= prev) {
    const value = next - prev;
    return value <= maxPlausible ? { kind: 'ok', value } : { kind: 'reset' };
  }
  for (const width of [TWO_32, TWO_64]) {
    if (prev < width && prev >= width / 2n && next < width) {
      const value = width - prev + next;
      if (value <= maxPlausible) return { kind: 'ok', value };
    }
  }
  return { kind: 'reset' };
}

const COUNTER_KEYS = [
  'rxBytes',
  'txBytes',
  'rxPackets',
  'txPackets',
  'rxErrors',
  'txErrors',
  'rxDropped',
  'txDropped',
] as const;

/**
 * Turns successive counter readings of one interface name into samples with rates. Samples are
 * keyed by ifindex: PPP interfaces are destroyed and re-created on every reconnect under the
 * same name, so a new ifindex, a counter that went backwards, or a vanished interface starts a
 * new segment and no rate is ever computed across the discontinuity.
 */
export class RateTracker {
  private previous: CounterReading | null = null;
  private wasAbsent = false;

  constructor(readonly iface: string) {}

  next(reading: CounterReading): ThroughputSample {
    const prev = this.previous;
    if (reading.counters === null || reading.ifindex === null) {
      const first = !this.wasAbsent;
      this.wasAbsent = true;
      this.previous = null;
      return this.gapSample(reading, first ? 'vanished' : null, false);
    }
    if (this.wasAbsent) {
      this.wasAbsent = false;
      this.previous = reading;
      return this.gapSample(reading, 'returned');
    }
    this.previous = reading;
    if (prev === null || prev.counters === null) return this.gapSample(reading, 'start');
    if (prev.ifindex !== reading.ifindex) return this.gapSample(reading, 'ifindex-changed');

    const intervalMs = reading.mono - prev.mono;
    if (!(intervalMs > 0)) return this.gapSample(reading, 'counter-reset');
    const maxBytes = BigInt(Math.ceil((MAX_PLAUSIBLE_BITS_PER_SECOND / 8) * (intervalMs / 1000)));
    const deltas: Partial<Record<(typeof COUNTER_KEYS)[number], number>> = {};
    for (const key of COUNTER_KEYS) {
      const d = counterDelta(prev.counters[key], reading.counters[key], maxBytes);
      if (d.kind === 'reset') return this.gapSample(reading, 'counter-reset');
      deltas[key] = Number(d.value);
    }
    const perSecond = 1000 / intervalMs;
    const c = reading.counters;
    return {
      t: reading.t,
      iface: this.iface,
      ifindex: reading.ifindex,
      present: true,
      intervalMs,
      rxBytes: Number(c.rxBytes),
      txBytes: Number(c.txBytes),
      rxPackets: Number(c.rxPackets),
      txPackets: Number(c.txPackets),
      rxBps: deltas.rxBytes! * 8 * perSecond,
      txBps: deltas.txBytes! * 8 * perSecond,
      rxPps: deltas.rxPackets! * perSecond,
      txPps: deltas.txPackets! * perSecond,
      rxErrors: deltas.rxErrors!,
      txErrors: deltas.txErrors!,
      rxDropped: deltas.rxDropped!,
      txDropped: deltas.txDropped!,
      gap: false,
      gapReason: null,
    };
  }

  /** A sample that opens a new segment: counters as read (none when absent), no rates. */
  private gapSample(reading: CounterReading, reason: GapReason | null, present = true): ThroughputSample {
    const c = present ? reading.counters : null;
    return {
      t: reading.t,
      iface: this.iface,
      ifindex: present ? reading.ifindex : null,
      present,
      intervalMs: null,
      rxBytes: c ? Number(c.rxBytes) : null,
      txBytes: c ? Number(c.txBytes) : null,
      rxPackets: c ? Number(c.rxPackets) : null,
      txPackets: c ? Number(c.txPackets) : null,
      rxBps: null,
      txBps: null,
      rxPps: null,
      txPps: null,
      rxErrors: 0,
      txErrors: 0,
      rxDropped: 0,
      txDropped: 0,
      gap: true,
      gapReason: reason,
    };
  }
}
