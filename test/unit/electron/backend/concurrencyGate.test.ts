import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../../../../electron/backend/concurrencyGate';
import { UserFacingError } from '../../../../electron/backend/dispatcher';

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyGate', () => {
  it('runs at most maxRunning at once, queues maxWaiting, refuses the rest clearly', async () => {
    const gate = new ConcurrencyGate('ip processes', 2, 3);
    const tasks = Array.from({ length: 7 }, () => deferred());
    let running = 0;
    let peak = 0;
    const results = tasks.map((t, i) =>
      gate
        .run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await t.promise;
          running -= 1;
          return i;
        })
        .then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
    );
    await Promise.resolve();
    expect(gate.stats()).toEqual({ running: 2, waiting: 3, peak: 2 });
    for (const t of tasks) t.resolve();
    const settled = await Promise.all(results);
    expect(settled.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((value) => ({ value })));
    for (const s of settled.slice(5)) {
      const error = (s as { error: unknown }).error;
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as Error).message).toBe('busy: 2 ip processes running and 3 waiting; try again in a moment');
    }
    expect(peak).toBe(2);
    expect(gate.stats()).toEqual({ running: 0, waiting: 0, peak: 2 });
  });

  it('frees its slot when a task fails', async () => {
    const gate = new ConcurrencyGate('things', 1, 0);
    await expect(gate.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});
