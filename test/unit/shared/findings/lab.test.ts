import { describe, it, expect } from 'vitest';
import { evaluateFindings } from '../../../../shared/findings';
import { labFacts } from './lab.fixture';
import { statusOf } from './helpers.fixture';

describe('findings on the real outputs of the PPTP lab', () => {
  it('healthy tunnel (MPPE-128 stateless): PPTP, MS-CHAPv2 on the wire, short secret; nothing said without its evidence', () => {
    const report = evaluateFindings(labFacts('healthy'));
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['pptp-in-use', 'critical'],
      ['mschapv2-observable', 'high'],
      ['chap-secrets-weak', 'high'],
      ['mtu-fragmentation', 'medium'],
    ]);
    // ppp0's 1496 plus PPTP's overhead does not fit the carrier's 1500: both MTUs are the evidence.
    expect(report.findings.find((f) => f.id === 'mtu-fragmentation')?.evidence.map((e) => e.excerpt)).toEqual(
      expect.arrayContaining(['ppp0: mtu 1496', expect.stringMatching(/: mtu 1500$/)]),
    );
    expect(statusOf(report, 'data-unencrypted')).toBe('clear');
    expect(statusOf(report, 'weak-mppe')).toBe('clear');
    expect(statusOf(report, 'gre-blockage')).toBe('clear');
    expect(statusOf(report, 'tunnel-fragmentation')).toBe('clear');
    // Not collected in the lab: said so, never passed.
    // The lab records no ss -ltnp: exposure of TCP 1723 needs a listener, so it is not evaluated.
    expect(report.notEvaluated.map((r) => r.ruleId)).toEqual(
      expect.arrayContaining(['nat-helpers-missing', 'tcp1723-unrestricted', 'throughput-ceiling', 'gre-sequence-loss', 'thermal-stress']),
    );
    const chap = report.findings.find((f) => f.id === 'mschapv2-observable');
    expect(chap?.evidence.map((e) => e.file)).toEqual(['captures/capture.pcap', 'outputs/server-pppd.log']);
    expect(chap?.evidence[1]?.line).toBe(9); // the LCP ConfAck carrying <auth chap MS-v2>
    // The secret itself never appears anywhere in the findings.
    expect(JSON.stringify(report)).not.toContain('LabFakeSecret');
    expect(report.risk.rating).toBe('critical');
  });

  it('cleartext tunnel (nomppe): the data channel and the options are flagged', () => {
    const report = evaluateFindings(labFacts('cleartext'));
    expect(report.findings.map((f) => f.id)).toEqual([
      'pptp-in-use',
      'data-unencrypted',
      'mppe-not-required',
      'mschapv2-observable',
      'chap-secrets-weak',
      // ppp0 at 1500 without MPPE: the 1472-byte pings (1500 in the tunnel) split on the carrier.
      'tunnel-fragmentation',
    ]);
    expect(report.findings.find((f) => f.id === 'tunnel-fragmentation')?.summary).toContain('6 of 100 GRE packets (6%)');
    expect(report.findings[1]?.summary).toContain('58 of 58 PPP data frames');
    expect(statusOf(report, 'weak-mppe')).toBe('not-evaluated');
    expect(report.risk.counts.critical).toBe(2);
  });
});
