import { describe, it, expect } from 'vitest';
import { evaluateFindings } from '../../../../shared/findings';
import { labFacts } from './lab.fixture';
import { statusOf } from './helpers.fixture';

describe('findings on the real outputs of the PPTP lab', () => {
  it('healthy tunnel (MPPE-128 stateless): PPTP, MS-CHAPv2 on the wire, open 1723, short secret, MTU 1496', () => {
    const report = evaluateFindings(labFacts('healthy'));
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['pptp-in-use', 'critical'],
      ['mschapv2-observable', 'high'],
      ['tcp1723-unrestricted', 'high'],
      ['chap-secrets-weak', 'high'],
      ['mtu-fragmentation', 'medium'],
    ]);
    expect(statusOf(report, 'data-unencrypted')).toBe('clear');
    expect(statusOf(report, 'weak-mppe')).toBe('clear');
    expect(statusOf(report, 'gre-blockage')).toBe('clear');
    expect(statusOf(report, 'tunnel-fragmentation')).toBe('clear');
    // Not collected in the lab: said so, never passed.
    expect(report.notEvaluated.map((r) => r.ruleId)).toEqual(['nat-helpers-missing', 'throughput-ceiling', 'gre-sequence-loss', 'thermal-stress']);
    const mtu = report.findings.find((f) => f.id === 'mtu-fragmentation');
    expect(mtu?.evidence[0]).toEqual({ file: 'outputs/client-ip-addr-up.json', excerpt: 'ppp0: mtu 1496' });
    const chap = report.findings.find((f) => f.id === 'mschapv2-observable');
    expect(chap?.evidence.map((e) => e.file)).toEqual(['captures/capture.pcap', 'outputs/server-pppd.log']);
    expect(chap?.evidence[1]?.line).toBe(9); // the LCP ConfAck carrying <auth chap MS-v2>
    // The secret itself never appears anywhere in the findings.
    expect(JSON.stringify(report)).not.toContain('LabFakeSecret');
    expect(report.risk.rating).toBe('critical');
  });

  it('cleartext tunnel (nomppe): the data channel and the options are flagged, fragmentation seen on the wire', () => {
    const report = evaluateFindings(labFacts('cleartext'));
    expect(report.findings.map((f) => f.id)).toEqual([
      'pptp-in-use',
      'data-unencrypted',
      'mppe-not-required',
      'mschapv2-observable',
      'tcp1723-unrestricted',
      'chap-secrets-weak',
      'mtu-fragmentation',
      // ppp0 at 1500 without MPPE: the 1472-byte pings (1500 in the tunnel) split on the carrier.
      'tunnel-fragmentation',
    ]);
    expect(report.findings.find((f) => f.id === 'tunnel-fragmentation')?.summary).toContain('6 of 100 GRE packets (6%)');
    expect(report.findings[1]?.summary).toContain('58 of 58 PPP data frames');
    expect(report.findings.find((f) => f.id === 'mtu-fragmentation')?.summary).toContain('12 GRE packets were IP-fragmented');
    expect(statusOf(report, 'weak-mppe')).toBe('not-evaluated');
    expect(report.risk.counts.critical).toBe(2);
  });
});
