import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterDelta, RateTracker, type CounterReading } from '../../../../shared/analysis/rates';
import { parseProcNetDev } from '../../../../shared/parsers/procNetDev';

const table = (name: string) =>
  parseProcNetDev(readFileSync(new URL(`../../../fixtures/throughput/${name}`, import.meta.url), 'utf8'));

function reading(file: string, mono: number, ifindex: number | null, iface = 'ppp0'): CounterReading {
  return { t: 1_700_000_000_000 + mono, mono, iface, ifindex, counters: ifindex === null ? null : (table(file).get(iface) ?? null) };
}

describe('counterDelta', () => {
  const plenty = 10n ** 12n;
  it('is the plain difference when the counter grows', () => {
    expect(counterDelta(100n, 350n, plenty)).toEqual({ kind: 'ok', value: 250n });
  });
  it('treats a decrease from the upper half of 32 bits as a 32-bit wrap', () => {
    expect(counterDelta(4294967000n, 200n, plenty)).toEqual({ kind: 'ok', value: 496n });
  });
  it('treats a decrease from the top of 64 bits as a 64-bit wrap', () => {
    expect(counterDelta(18446744073709551000n, 300n, plenty)).toEqual({ kind: 'ok', value: 916n });
  });
  it('treats a decrease from a low value as a reset', () => {
    expect(counterDelta(5000n, 10n, plenty)).toEqual({ kind: 'reset' });
  });
  it('treats an implausible wrap as a reset', () => {
    expect(counterDelta(3_000_000_000n, 100n, 1000n)).toEqual({ kind: 'reset' });
  });
});

describe('RateTracker', () => {
  it('starts with a gap, then computes bits per second over the interval', () => {
    const tracker = new RateTracker('ppp0');
    const first = tracker.next(reading('proc-net-dev.before-recreate.txt', 0, 4));
    expect(first).toMatchObject({ gap: true, gapReason: 'start', rxBps: null, rxBytes: 798 });
    const next = tracker.next({
      ...reading('proc-net-dev.before-recreate.txt', 500, 4),
      counters: { ...table('proc-net-dev.before-recreate.txt').get('ppp0')!, rxBytes: 798n + 62_500n, rxPackets: 59n },
    });
    expect(next.gap).toBe(false);
    expect(next.rxBps).toBeCloseTo(1_000_000, 6); // 62,500 bytes in 0.5 s
    expect(next.rxPps).toBeCloseTo(100, 6);
    expect(next.txBps).toBe(0);
  });

  it('marks a re-created interface (new ifindex, fresh counters) as a gap, never a rate', () => {
    const tracker = new RateTracker('ppp0');
    tracker.next(reading('proc-net-dev.before-recreate.txt', 0, 4));
    const after = tracker.next(reading('proc-net-dev.after-recreate.txt', 500, 2));
    expect(after).toMatchObject({ gap: true, gapReason: 'ifindex-changed', rxBps: null, txBps: null, ifindex: 2 });
  });

  it('marks counters that went back under the same ifindex as a reset', () => {
    const tracker = new RateTracker('ppp0');
    tracker.next(reading('proc-net-dev.before-recreate.txt', 0, 2));
    const reset = tracker.next(reading('proc-net-dev.after-recreate.txt', 500, 2));
    expect(reset).toMatchObject({ gap: true, gapReason: 'counter-reset', rxBps: null });
  });

  it('carries a 32-bit wrap through as a rate', () => {
    const tracker = new RateTracker('ppp0');
    tracker.next(reading('proc-net-dev.near-32bit-wrap.txt', 0, 4));
    const wrapped = tracker.next(reading('proc-net-dev.after-32bit-wrap.txt', 1000, 4));
    expect(wrapped.gap).toBe(false);
    expect(wrapped.rxBps).toBe((4294967296 - 4294967000 + 200) * 8);
    expect(wrapped.txBps).toBe((4294967296 - 4294960000 + 7000) * 8);
  });

  it('carries a 64-bit wrap through as a rate', () => {
    const tracker = new RateTracker('ppp0');
    tracker.next(reading('proc-net-dev.near-64bit-wrap.txt', 0, 4));
    const wrapped = tracker.next(reading('proc-net-dev.after-64bit-wrap.txt', 1000, 4));
    expect(wrapped.gap).toBe(false);
    expect(wrapped.rxBps).toBe(916 * 8);
    expect(wrapped.txBps).toBe(2216 * 8);
  });

  it('shows a vanished interface as absent and picks it up again when it returns', () => {
    const tracker = new RateTracker('ppp0');
    tracker.next(reading('proc-net-dev.before-recreate.txt', 0, 4));
    const gone = tracker.next(reading('proc-net-dev.before-recreate.txt', 500, null));
    expect(gone).toMatchObject({ present: false, gap: true, gapReason: 'vanished', rxBytes: null });
    const still = tracker.next(reading('proc-net-dev.before-recreate.txt', 1000, null));
    expect(still).toMatchObject({ present: false, gap: true, gapReason: null });
    const back = tracker.next(reading('proc-net-dev.after-recreate.txt', 1500, 2));
    expect(back).toMatchObject({ present: true, gap: true, gapReason: 'returned', ifindex: 2 });
    const running = tracker.next(reading('proc-net-dev.after-recreate.txt', 2000, 2));
    expect(running).toMatchObject({ gap: false, rxBps: 0 });
  });
});
