import { describe, it, expect } from 'vitest';
import { logFacts, pathMtuFacts, throughputFacts, moduleFacts, evaluateFindings } from '../../../../shared/findings';
import { classifyPppLine } from '../../../../shared/parsers/pppLog';
import type { LogLine, PppEvent } from '../../../../shared/model/logs';
import type { ThroughputSample } from '../../../../shared/model/throughput';
import { analyseModules } from '../../../../shared/analysis/modules';
import { parseLoadedModules } from '../../../../shared/parsers/procModules';

function line(lineNo: number, message: string, time: number | null = null): LogLine {
  return { time, host: 'gw', program: 'pppd', pid: 900, message, source: 'syslog', lineNo };
}

function events(lines: LogLine[]): PppEvent[] {
  return lines.map((l) => classifyPppLine(l)).filter((e): e is PppEvent => e !== null);
}

describe('adapters', () => {
  it('maps pppd lines to log facts: MPPE bits, LCP timeout, MPPE failure, one terminate per link end', () => {
    const t = Date.parse('2026-11-24T01:00:00Z');
    const facts = logFacts(
      events([
        line(1, 'MPPE 40-bit stateful compression enabled', t),
        line(2, 'LCP: timeout sending Config-Requests', t + 1000),
        line(3, 'MPPE required but peer negotiation failed', t + 2000),
        line(4, 'Terminating on signal 15', t + 3000),
        line(5, 'Connection terminated.', t + 3001),
      ]),
      (s) => `outputs/${s}.txt`,
    );
    expect(facts.events.map((e) => [e.kind, e.line])).toEqual([
      ['mppe-enabled', 1],
      ['lcp-timeout', 2],
      ['mppe-required-failed', 3],
      ['terminate', 5],
    ]);
    expect(facts.events[0]).toMatchObject({ bits: 40, stateless: false, file: 'outputs/syslog.txt', at: '2026-11-24T01:00:00.000Z' });
    expect(facts.spanSeconds).toBeCloseTo(3.001);
    const report = evaluateFindings({ logs: facts });
    expect(report.findings.map((f) => f.id)).toEqual(['pptp-in-use', 'weak-mppe:key-length', 'gre-blockage', 'mppe-negotiation-failed']);
  });

  it('builds throughput facts with the sample-file line of every discontinuity', () => {
    const s = (t: number, over: Partial<ThroughputSample>): ThroughputSample => ({
      t, iface: 'ppp0', ifindex: 7, present: true, intervalMs: 500, rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0,
      rxBps: 1e6, txBps: 1e6, rxPps: 1, txPps: 1, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0, gap: false, gapReason: null, ...over,
    });
    const gap = { gap: true, intervalMs: null, rxBps: null, txBps: null };
    const facts = throughputFacts(
      'samples/throughput.jsonl',
      'ppp0',
      [s(0, { ...gap, gapReason: 'start' }), s(500, {}), s(600, { iface: 'eth0' }), s(1000, { ...gap, gapReason: 'ifindex-changed', ifindex: 8 }), s(1500, { rxBps: 3e6 })],
      { speedMbps: 100, source: 'sysfs' },
    );
    expect(facts.discontinuities).toEqual([
      { t: 0, reason: 'start', line: 1 },
      { t: 1000, reason: 'ifindex-changed', line: 4 },
    ]);
    expect(facts.stats.rx.maxBps).toBe(3e6);
    expect(facts.stats.measuredSeconds).toBe(1);
  });

  it('turns the DF probe result into packet sizes', () => {
    const facts = pathMtuFacts(
      'outputs/pmtu.txt',
      { family: 'inet', largestPayload: 1372, pathMtu: 1400, smallestFailingPacket: 1401, exact: true, probes: 6, recommendedMtu: 1400, recommendedMss: 1360, recommendation: '' },
    );
    expect(facts).toEqual({ source: 'outputs/pmtu.txt', largestPassingPacket: 1400, smallestFailingPacket: 1401 });
  });

  it('never turns an undetermined module into a missing one', () => {
    const noInputs = moduleFacts('outputs/m', analyseModules({ loaded: null, builtin: null, config: null, helperSysctl: null }));
    expect(noInputs.present).toEqual([]);
    expect(noInputs.undetermined).toContain('ppp_mppe');
    expect(evaluateFindings({ modules: noInputs }).rules.find((r) => r.ruleId === 'missing-modules')?.status).toBe('not-evaluated');
    const loaded = moduleFacts('outputs/m', analyseModules({ loaded: parseLoadedModules('ppp_generic 45056 0 - Live 0x0\n').modules, builtin: null, config: null, helperSysctl: null }));
    const report = evaluateFindings({ modules: loaded });
    expect(report.findings.map((f) => f.id)).toContain('missing-modules:ppp');
    expect(report.findings.find((f) => f.id === 'missing-modules:ppp')?.title).toBe('Kernel module ppp_mppe missing');
  });
});
