import { describe, expect, it } from 'vitest';
import {
  defaultMtuProbeConfig,
  mtuProbeResult,
  nextProbeSize,
  recordProbe,
  startMtuProbe,
  type MtuProbeState,
} from '../../../../shared/analysis/mtuProbe';

/** Drives the planner against a simulated path whose MTU is `pathMtu` (IPv4). */
function simulate(pathMtu: number | null, withHints: boolean, state?: MtuProbeState) {
  let s = state ?? startMtuProbe(defaultMtuProbeConfig('inet'));
  const sizes: number[] = [];
  for (let size = nextProbeSize(s); size !== null; size = nextProbeSize(s)) {
    sizes.push(size);
    const passed = pathMtu !== null && size + 28 <= pathMtu;
    s = recordProbe(s, {
      payload: size,
      passed,
      reportedMtu: !passed && withHints ? pathMtu : null,
    });
  }
  return { sizes, result: mtuProbeResult(s) };
}

describe('MTU probe planner', () => {
  it('settles a clean 1500 path with one probe and recommends the 1400 baseline', () => {
    const { sizes, result } = simulate(1500, false);
    expect(sizes).toEqual([1472]);
    expect(result).toMatchObject({
      largestPayload: 1472,
      pathMtu: 1500,
      exact: true,
      recommendedMtu: 1400,
      recommendedMss: 1360,
    });
  });

  it('bisects to the exact payload without hints', () => {
    const { sizes, result } = simulate(1300, false);
    expect(result).toMatchObject({
      largestPayload: 1272,
      pathMtu: 1300,
      exact: true,
      recommendedMtu: 1300,
      recommendedMss: 1260,
    });
    expect(sizes.length).toBeLessThanOrEqual(12);
  });

  it('jumps to the size a "Frag needed (mtu = N)" hint allows and verifies it', () => {
    const { sizes, result } = simulate(1300, true);
    expect(sizes).toEqual([1472, 1272, 1273]);
    expect(result.pathMtu).toBe(1300);
  });

  it('reports a dead path when even the minimum fails', () => {
    const { sizes, result } = simulate(null, false);
    expect(sizes).toEqual([1472, 548]);
    expect(result.largestPayload).toBeNull();
    expect(result.recommendation).toMatch(/No probe passed/);
  });

  it('always stops within the probe budget and says the value is a lower bound', () => {
    let s = startMtuProbe({ family: 'inet', minPayload: 0, maxPayload: 65507, maxProbes: 3 });
    const { sizes, result } = simulate(9000, false, s);
    expect(sizes).toHaveLength(3);
    expect(result.exact).toBe(false);
    expect(result.recommendation).toMatch(/lower bound/);
    s = startMtuProbe(defaultMtuProbeConfig('inet6'));
    expect(nextProbeSize(s)).toBe(1452);
  });

  it('refuses impossible bounds', () => {
    expect(() =>
      startMtuProbe({ family: 'inet', minPayload: 10, maxPayload: 70000, maxProbes: 5 }),
    ).toThrow(RangeError);
    expect(() =>
      startMtuProbe({ family: 'inet', minPayload: 900, maxPayload: 800, maxProbes: 5 }),
    ).toThrow(RangeError);
  });
});

describe('MTU probe fed with real lab ping outputs', () => {
  it('after the 1472-byte probe fails with mtu=1496 the planner tries 1468', async () => {
    const { parsePing } = await import('../../../../shared/parsers/ping');
    const { readFixture } = await import('../parsers/readFixture');
    const run = parsePing(readFixture('lab/healthy/ping-df-1472.txt'));
    const mtu = Math.min(
      ...run.events.map((e) => (e.kind === 'local-error' ? (e.mtu ?? Infinity) : Infinity)),
    );
    let s = startMtuProbe(defaultMtuProbeConfig('inet'));
    expect(nextProbeSize(s)).toBe(1472);
    s = recordProbe(s, { payload: 1472, passed: false, reportedMtu: mtu });
    expect(nextProbeSize(s)).toBe(1468);
    // The lab captured DF probes at 1472 and 1400 only; 1468 and 1469 are what a 1496 link does.
    s = recordProbe(s, { payload: 1468, passed: true, reportedMtu: null });
    expect(nextProbeSize(s)).toBe(1469);
    s = recordProbe(s, { payload: 1469, passed: false, reportedMtu: 1496 });
    expect(nextProbeSize(s)).toBeNull();
    expect(mtuProbeResult(s)).toMatchObject({ pathMtu: 1496, recommendedMtu: 1400, exact: true });
  });
});
