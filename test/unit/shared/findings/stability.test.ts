import { describe, it, expect } from 'vitest';
import { iface, interfaces, logEvent, logs, sensors, throughput } from './facts.fixture';
import { findingsOf, one, statusOf } from './helpers.fixture';

describe('rule tunnel-flapping', () => {
  const term = (line: number, at: string | null) => logEvent('terminate', line, `pppd[9${line}]: Connection terminated.`, { at });

  it('fires on three terminations within a day, citing the lines', () => {
    const r = one('tunnel-flapping', {
      logs: logs([term(10, '2026-11-23T01:00:00Z'), term(20, '2026-11-23T05:00:00Z'), term(30, '2026-11-23T09:00:00Z')]),
    });
    const [f] = findingsOf(r, 'tunnel-flapping');
    expect(f?.evidence.map((e) => e.line)).toEqual([10, 20, 30]);
    expect(f?.troubleshooting.id).toBe('tunnel-flapping');
  });

  it('does not fire when terminations are spread over weeks', () => {
    const r = one('tunnel-flapping', {
      logs: logs([term(10, '2026-11-01T01:00:00Z'), term(20, '2026-11-10T05:00:00Z'), term(30, '2026-11-20T09:00:00Z')]),
    });
    expect(statusOf(r, 'tunnel-flapping')).toBe('clear');
  });

  it('fires on repeated re-creation of the interface while sampling', () => {
    const t = throughput({
      discontinuities: [
        { t: 1, reason: 'start', line: 1 },
        { t: 2, reason: 'vanished', line: 40 },
        { t: 3, reason: 'ifindex-changed', line: 52 },
        { t: 4, reason: 'vanished', line: 90 },
        { t: 5, reason: 'ifindex-changed', line: 99 },
      ],
    });
    const [f] = findingsOf(one('tunnel-flapping', { throughput: t }), 'tunnel-flapping');
    expect(f?.summary).toMatch(/re-created 4 times/);
    expect(f?.evidence[0]).toMatchObject({ file: 'samples/throughput.jsonl', line: 40 });
  });

  it('is not evaluated without logs or samples', () => {
    expect(statusOf(one('tunnel-flapping', {}), 'tunnel-flapping')).toBe('not-evaluated');
  });
});

describe('rule dynamic-address', () => {
  it('fires on a leased address of the carrier', () => {
    const i = interfaces();
    i.interfaces[1] = iface({
      name: 'eth0',
      isTunnel: false,
      addresses: [{ family: 'inet', local: '192.0.2.10', peer: null, prefixlen: 24, dynamic: true, validLifetime: 3600, preferredLifetime: 3600 }],
    });
    const [f] = findingsOf(one('dynamic-address', { interfaces: i }), 'dynamic-address');
    expect(f?.evidence[0]?.excerpt).toBe('eth0: inet 192.0.2.10/24 dynamic valid_lft 3600');
    expect(f?.troubleshooting.guideText).toContain('static internal IP');
  });

  it('ignores dynamic addresses on unrelated interfaces', () => {
    const i = interfaces();
    i.interfaces.push(iface({ name: 'wlan0', isTunnel: false, addresses: [{ family: 'inet', local: '10.1.1.1', peer: null, prefixlen: 24, dynamic: true, validLifetime: 60, preferredLifetime: 60 }] }));
    expect(statusOf(one('dynamic-address', { interfaces: i }), 'dynamic-address')).toBe('clear');
  });

  it('is not evaluated when neither tunnel nor carrier is listed', () => {
    expect(statusOf(one('dynamic-address', { interfaces: interfaces({ tunnel: 'ppp7', carrier: 'eth7' }) }), 'dynamic-address')).toBe('not-evaluated');
  });
});

describe('rule thermal-stress', () => {
  it('fires medium at the chip high limit and high at crit', () => {
    const r = one('thermal-stress', {
      sensors: sensors([
        { label: 'Core 0', inputC: 84, highC: 80, critC: 100 },
        { label: 'Core 1', inputC: 101, highC: 80, critC: 100 },
      ]),
    });
    expect(findingsOf(r, 'thermal-stress').map((f) => f.severity)).toEqual(['high', 'medium']);
    expect(findingsOf(r, 'thermal-stress')[0]?.troubleshooting.id).toBe('thermal');
  });

  it('uses the named default when the chip gives no limits', () => {
    const r = one('thermal-stress', { sensors: sensors([{ chip: 'np-0', label: 'temp1', inputC: 82 }]) });
    expect(findingsOf(r, 'thermal-stress')[0]?.summary).toContain('(our default)');
  });

  it('treats a chip alarm as at least medium', () => {
    const r = one('thermal-stress', { sensors: sensors([{ label: 'temp2', inputC: 60, highC: 90, alarm: true }]) });
    expect(findingsOf(r, 'thermal-stress')[0]?.severity).toBe('medium');
  });

  it('does not fire on cool readings (real sensors -j output) and is not evaluated without any', () => {
    expect(statusOf(one('thermal-stress', { sensors: sensors() }), 'thermal-stress')).toBe('clear');
    expect(statusOf(one('thermal-stress', { sensors: sensors([]) }), 'thermal-stress')).toBe('not-evaluated');
  });
});
