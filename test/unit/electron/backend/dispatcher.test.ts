import { describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../../../electron/backend/batcher';
import { Backend } from '../../../../electron/backend/backend';

describe('dispatcher', () => {
  const backend = new Backend(() => {});
  const ctx = { binding: 'loopback' as const, clientId: 't' };

  it('refuses unknown and inherited channel names', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const out = await backend.dispatch(name, {}, ctx);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error.code).toBe('unknown-channel');
    }
  });

  it('validates payloads with the channel schema and names the field', async () => {
    const out = await backend.dispatch('throughput.start', { iface: 'ppp0', intervalMs: 'fast' }, ctx);
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    if (!out.ok) expect(out.error.message).toMatch(/intervalMs/);
    const extra = await backend.dispatch('interfaces.list', { sneaky: true }, ctx);
    expect(extra.ok).toBe(false);
  });

  it('answers a valid call', async () => {
    const out = await backend.dispatch('interfaces.list', {}, ctx);
    expect(out.ok).toBe(true);
  });
});

describe('Batcher', () => {
  it('flushes on time and at the size cap, each item once', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const b = new Batcher<number>((items) => batches.push(items), 100, 3);
    b.push(1);
    b.push(2);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([[1, 2]]);
    b.push(3);
    b.push(4);
    b.push(5);
    expect(batches).toEqual([[1, 2], [3, 4, 5]]);
    vi.advanceTimersByTime(500);
    expect(batches).toHaveLength(2);
    vi.useRealTimers();
  });
});
