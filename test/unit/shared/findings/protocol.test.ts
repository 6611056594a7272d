import { describe, it, expect } from 'vitest';
import { evaluateFindings } from '../../../../shared/findings';
import { interfaces, iface, listeners, logEvent, logs, pppOptions, processes, wire } from './facts.fixture';
import { detailOf, findingsOf, one, statusOf } from './helpers.fixture';

describe('rule pptp-in-use', () => {
  it('fires as critical on a real PPP link run by pppd, citing the link and the process', () => {
    const r = one('pptp-in-use', { interfaces: interfaces(), processes: processes() });
    const [f] = findingsOf(r, 'pptp-in-use');
    expect(f?.severity).toBe('critical');
    expect(f?.evidence[0]).toMatchObject({ file: 'outputs/0001-ip.addr.stdout' });
    expect(f?.evidence[0]?.excerpt).toContain('link/ppp');
    expect(f?.evidence[1]).toMatchObject({ file: 'outputs/0004-processes.list.stdout', line: 40, excerpt: '913 pppd' });
  });

  it('never fires on a name: a veth called ppp0 is a tunnel of unknown kind (info), PPTP not evaluated', () => {
    const veth = interfaces({ interfaces: [iface({ linkType: 'ether', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'] })] });
    const r = evaluateFindings({ interfaces: veth, processes: processes([]) });
    expect(statusOf(r, 'pptp-in-use')).toBe('clear');
    expect(findingsOf(r, 'tunnel-kind-unknown')[0]).toMatchObject({ severity: 'info' });
    // A real PPP link without any PPTP daemon is not proof either.
    const link = evaluateFindings({ interfaces: interfaces(), processes: processes([]) });
    expect(statusOf(link, 'pptp-in-use')).toBe('clear');
    expect(statusOf(evaluateFindings({ interfaces: interfaces() }), 'pptp-in-use')).toBe('not-evaluated');
  });

  it('fires on a TCP 1723 listener, citing the ss line', () => {
    const [f] = findingsOf(one('pptp-in-use', { listeners: listeners() }), 'pptp-in-use');
    expect(f?.evidence[0]).toMatchObject({ file: 'outputs/0005-sockets.listening.stdout', line: 2, excerpt: 'LISTEN 0.0.0.0:1723 pptpd' });
  });

  it('fires on PPTP traffic in a capture, citing the first packet', () => {
    const f = findingsOf(one('pptp-in-use', { wire: wire() }), 'pptp-in-use')[0];
    expect(f?.evidence[0]).toMatchObject({ file: 'captures/pptp.pcap', packet: 1 });
  });

  it('is clear when the collected inputs show no PPTP at all', () => {
    const r = one('pptp-in-use', {
      interfaces: interfaces({ tunnel: 'ppp0', interfaces: [iface({ name: 'eth0', isTunnel: false })] }),
      logs: { sources: ['outputs/x'], events: [], spanSeconds: null },
    });
    expect(statusOf(r, 'pptp-in-use')).toBe('clear');
  });

  it('is not evaluated without processes, listeners, capture or logs', () => {
    expect(statusOf(one('pptp-in-use', {}), 'pptp-in-use')).toBe('not-evaluated');
  });
});

describe('rule data-unencrypted', () => {
  it('fires on cleartext PPP frames with the first cleartext packet', () => {
    const r = one('data-unencrypted', { wire: wire({ encryption: { verdict: 'mixed', encryptedFrames: 90, cleartextFrames: 10, firstCleartextPacket: 44 } }) });
    const [f] = findingsOf(r, 'data-unencrypted');
    expect(f).toMatchObject({ severity: 'critical', title: 'Part of the tunnel data travels in cleartext' });
    expect(f?.evidence[0]?.packet).toBe(44);
    expect(f?.summary).toContain('10 of 100');
    expect(f?.troubleshooting.id).toBe('cleartext-pptp');
  });

  it('does not fire when all frames are MPPE', () => {
    expect(statusOf(one('data-unencrypted', { wire: wire() }), 'data-unencrypted')).toBe('clear');
  });

  it('is not evaluated when the capture has no PPP data frames', () => {
    const r = one('data-unencrypted', { wire: wire({ encryption: { verdict: 'no-data', encryptedFrames: 0, cleartextFrames: 0 } }) });
    expect(statusOf(r, 'data-unencrypted')).toBe('not-evaluated');
  });
});

describe('rule weak-mppe', () => {
  it('fires high on 40-bit keys seen on the wire', () => {
    const r = one('weak-mppe', { wire: wire({ mppe: [{ bits: [40], stateless: true, packet: 31 }] }) });
    const [f] = findingsOf(r, 'weak-mppe');
    expect(f).toMatchObject({ id: 'weak-mppe:key-length', severity: 'high' });
    expect(f?.evidence[0]?.packet).toBe(31);
  });

  it('fires medium on a stateful 128-bit log line, citing the line', () => {
    const r = one('weak-mppe', {
      logs: logs([logEvent('mppe-enabled', 12, 'pppd[913]: MPPE 128-bit stateful compression enabled', { bits: 128, stateless: false })]),
    });
    const [f] = findingsOf(r, 'weak-mppe');
    expect(f).toMatchObject({ id: 'weak-mppe:stateful', severity: 'medium' });
    expect(f?.evidence[0]).toMatchObject({ line: 12, excerpt: 'pppd[913]: MPPE 128-bit stateful compression enabled' });
  });

  it('does not fire on 128-bit stateless', () => {
    const r = one('weak-mppe', {
      wire: wire(),
      logs: logs([logEvent('mppe-enabled', 4, 'MPPE 128-bit stateless compression enabled', { bits: 128, stateless: true })]),
    });
    expect(statusOf(r, 'weak-mppe')).toBe('clear');
  });

  it('is not evaluated when neither the capture nor the logs show the negotiation', () => {
    const r = one('weak-mppe', { wire: wire({ mppe: [] }), logs: logs() });
    expect(statusOf(r, 'weak-mppe')).toBe('not-evaluated');
  });
});

describe('rule mschapv2-observable', () => {
  it('fires when the handshake is on the wire', () => {
    const r = one('mschapv2-observable', { wire: wire({ auth: { protocol: 'MS-CHAPv2', msChapV2: true, packet: 21 } }) });
    const [f] = findingsOf(r, 'mschapv2-observable');
    expect(f?.severity).toBe('high');
    expect(f?.evidence[0]?.packet).toBe(21);
  });

  it('does not fire when another protocol authenticated', () => {
    expect(statusOf(one('mschapv2-observable', { wire: wire() }), 'mschapv2-observable')).toBe('clear');
  });

  it('is not evaluated when the capture missed the authentication phase', () => {
    const r = one('mschapv2-observable', { wire: wire({ auth: null }) });
    expect(statusOf(r, 'mschapv2-observable')).toBe('not-evaluated');
    expect(detailOf(r, 'mschapv2-observable')).toMatch(/not in the capture/);
  });
});

describe('rule mppe-negotiation-failed', () => {
  it('fires on the log line and links the matrix row', () => {
    const r = one('mppe-negotiation-failed', {
      logs: logs([logEvent('mppe-required-failed', 40, 'pppd[1022]: MPPE required but peer negotiation failed')]),
    });
    const [f] = findingsOf(r, 'mppe-negotiation-failed');
    expect(f?.troubleshooting).toMatchObject({ id: 'mppe-required-failed', error: 'MPPE required but peer negotiation failed' });
    expect(f?.troubleshooting.check).toContain('/etc/ppp/options.pptpd');
  });

  it('does not fire on clean logs, and is not evaluated without logs', () => {
    expect(statusOf(one('mppe-negotiation-failed', { logs: logs() }), 'mppe-negotiation-failed')).toBe('clear');
    expect(statusOf(one('mppe-negotiation-failed', {}), 'mppe-negotiation-failed')).toBe('not-evaluated');
  });
});

describe('rules on the pppd options (real option files)', () => {
  it('mppe-not-required fires on options without require-mppe, and on nomppe', () => {
    const [f] = findingsOf(one('mppe-not-required', { pppOptions: pppOptions('debian12-pptpd.conf') }), 'mppe-not-required');
    expect(f).toMatchObject({ severity: 'high', title: 'MPPE is not required by the pppd options' });
    expect(f?.troubleshooting.id).toBe('cleartext-pptp');
    expect(findingsOf(one('mppe-not-required', { pppOptions: pppOptions('cleartext-options.pptpd') }), 'mppe-not-required')[0]?.title).toBe('MPPE is disabled in the pppd options');
  });

  it('mppe-not-required does not fire on the Debian pptpd default (require-mppe-128)', () => {
    expect(statusOf(one('mppe-not-required', { pppOptions: pppOptions() }), 'mppe-not-required')).toBe('clear');
    expect(statusOf(one('mppe-not-required', {}), 'mppe-not-required')).toBe('not-evaluated');
  });

  it('weak-mppe fires medium on options that allow 40-bit and stateful, when nothing weaker was observed', () => {
    const [f] = findingsOf(one('weak-mppe', { pppOptions: pppOptions('weakened-pptpd-options') }), 'weak-mppe');
    expect(f).toMatchObject({ id: 'weak-mppe:configured', severity: 'medium', title: 'pppd options allow 40-bit keys and stateful mode' });
    expect(statusOf(one('weak-mppe', { pppOptions: pppOptions() }), 'weak-mppe')).toBe('clear');
  });
});
