import { describe, it, expect } from 'vitest';
import { RULES, TROUBLESHOOTING_MATRIX, troubleshootingRow } from '../../../../shared/findings';

describe('troubleshooting matrix', () => {
  it('holds the rows of the source guide with their check and fix', () => {
    expect(troubleshootingRow('lcp-timeout')).toMatchObject({ error: 'LCP: timeout sending Config-Requests', origin: 'guide-matrix' });
    expect(troubleshootingRow('lcp-timeout').check).toContain('iptables -L -n -v');
    expect(troubleshootingRow('lcp-timeout').fix).toContain('-p 47 -j ACCEPT');
    expect(troubleshootingRow('mppe-required-failed').fix).toContain('require-mppe-128');
    expect(troubleshootingRow('thermal').check).toContain('sensors');
    expect(troubleshootingRow('error-619').fix).toMatch(/nf_conntrack_pptp nf_nat_pptp/);
    expect(troubleshootingRow('drop-at-1450').fix).toContain('mtu 1400');
  });

  it('has unique ids, and every rule links to an existing row', () => {
    const ids = TROUBLESHOOTING_MATRIX.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) expect(ids).toContain(rule.troubleshooting);
  });
});
