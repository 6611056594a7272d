import { describe, it, expect } from 'vitest';
import { auditTargetSchema, isIpv4, isIpv6 } from '../../../../shared/model/audit';
import { shellQuote } from '../../../../shared/checklist';

describe('audit target validation', () => {
  it('accepts IPv4 and IPv6 forms, refuses the rest', () => {
    for (const ok of ['10.8.0.1', '192.168.255.255', '0.0.0.0']) expect(isIpv4(ok)).toBe(true);
    for (const bad of ['010.8.0.1', '256.1.1.1', '10.8.0', '10.8.0.1.5', '10.8.0.1 ', '']) expect(isIpv4(bad)).toBe(false);
    for (const ok of ['::1', 'fe80::1', '2001:db8::', '2001:db8:0:0:0:0:0:1', '::ffff:10.0.0.1', '::']) expect(isIpv6(ok)).toBe(true);
    for (const bad of ['1::2::3', '12345::', '2001:db8:0:0:0:0:0:1:2', ':::', 'fe80::1%eth0', '-f']) expect(isIpv6(bad)).toBe(false);
  });

  it('refuses extra keys and option-looking values', () => {
    expect(auditTargetSchema.safeParse({ iface: 'ppp0', carrier: 'eth0', remoteIp: '10.0.0.1', x: 1 }).success).toBe(false);
    expect(auditTargetSchema.safeParse({ iface: 'ppp0', carrier: 'eth0', remoteIp: '-c1000' }).success).toBe(false);
    expect(auditTargetSchema.safeParse({ iface: '-i', carrier: 'eth0', remoteIp: '10.0.0.1' }).success).toBe(false);
  });

  it('quotes display arguments so the shown command equals the argv', () => {
    expect(shellQuote('eth0')).toBe('eth0');
    expect(shellQuote('tcp port 1723')).toBe("'tcp port 1723'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });
});
