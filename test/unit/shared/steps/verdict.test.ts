import { describe, expect, it } from 'vitest';
import { stepVerdict } from '../../../../shared/steps/verdict';
import { evaluateFindings } from '../../../../shared/findings/engine';
import type { AuditFacts } from '../../../../shared/findings/facts';
import { summariseSamples } from '../../../../shared/analysis/throughputStats';

const iface = (name: string) => ({
  name, ifindex: 3, flags: ['UP'], mtu: 1400, operState: 'UP', linkType: 'ether', txqueuelen: 1000, addresses: [], isTunnel: name.startsWith('ppp'), link: null,
});

describe('step verdicts', () => {
  it('fails step 1 when the tunnel interface does not exist', () => {
    const facts: AuditFacts = { interfaces: { source: 'outputs/0001-ip.addr.stdout', interfaces: [iface('lo'), iface('cl0')], tunnel: 'ppp0', carrier: 'cl0' } };
    const v = stepVerdict('identify-interfaces', facts, evaluateFindings(facts), 'basis.');
    expect(v.level).toBe('fail');
    expect(v.reason).toMatch(/ppp0: no such interface/);
  });

  it('passes step 1 when the tunnel is there and nothing is wrong with it', () => {
    const facts: AuditFacts = { interfaces: { source: 'x', interfaces: [iface('ppp0')], tunnel: 'ppp0', carrier: null } };
    expect(stepVerdict('identify-interfaces', facts, evaluateFindings(facts), 'basis.').level).toBe('pass');
  });

  it('warns on step 3 when no interval could be measured', () => {
    const facts: AuditFacts = {
      throughput: { source: 'samples/throughput.jsonl', iface: 'ppp0', stats: summariseSamples([]), linkSpeedMbps: null, linkSpeedSource: null, discontinuities: [] },
    };
    expect(stepVerdict('throughput', facts, evaluateFindings(facts), 'basis.').level).toBe('warn');
  });

  it('warns, never passes, a step whose evidence was not collected', () => {
    expect(stepVerdict('logs', {}, evaluateFindings({}), 'nothing read.').level).toBe('warn');
  });
});

describe('a step whose outputs no rule could judge', () => {
  it('warns instead of passing', () => {
    // A path-MTU probe with no passing size and no ping statistics: step 6 has a fact, but none of its rules can judge it.
    const facts: AuditFacts = { pathMtu: { source: 'outputs/0009-ping.run.stdout', largestPassingPacket: null, smallestFailingPacket: null } };
    const report = evaluateFindings(facts);
    expect(report.rules.filter((r) => ['latency-high', 'jitter-high', 'loss-high'].includes(r.ruleId)).every((r) => r.status === 'not-evaluated')).toBe(true);
    const v = stepVerdict('latency', facts, report, 'basis.');
    expect(v.level).not.toBe('pass');
  });
});
