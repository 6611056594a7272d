import { describe, it, expect } from 'vitest';
import { firewall, iface, interfaces, latency, logEvent, logs, modules, pathMtu, wire, without } from './facts.fixture';
import { findingsOf, one, statusOf } from './helpers.fixture';

describe('rule gre-blockage', () => {
  it('fires when the control channel is up and GRE is absent, naming the missing ACCEPT for protocol 47', () => {
    const r = one('gre-blockage', {
      wire: wire({ gre: { toServer: 0, toClient: 0, calls: [] } }),
      firewall: firewall('gre-after-reject'),
    });
    const [f] = findingsOf(r, 'gre-blockage');
    expect(f?.severity).toBe('high');
    expect(f?.summary).toMatch(/no GRE packet/);
    expect(f?.summary).toMatch(/the firewall drops GRE \(IP protocol 47\) \(input: REJECT by filter\/INPUT #5/);
    expect(f?.summary).toMatch(/no iptables ACCEPT for protocol 47/);
    expect(f?.summary).toMatch(/GRE ACCEPT rule is dead/);
    expect(f?.troubleshooting.id).toBe('lcp-timeout');
    expect(f?.troubleshooting.check).toContain('iptables -L -n -v');
    expect(f?.evidence[0]?.file).toBe('captures/pptp.pcap');
    expect(f?.evidence.slice(1).every((e) => e.file === 'outputs/0010-firewall.iptables.stdout')).toBe(true);
  });

  it('fires on one-way GRE with LCP timeouts in the logs, and names a missing NAT helper on a gateway', () => {
    const r = one('gre-blockage', {
      wire: wire({ gre: { toServer: 40, toClient: 0, calls: [] }, lcpUnansweredConfigureRequests: 10 }),
      logs: logs([logEvent('lcp-timeout', 88, 'pppd[2011]: LCP: timeout sending Config-Requests')]),
      modules: without(modules(), 'nf_nat_pptp'),
      firewall: firewall(),
    });
    const [f] = findingsOf(r, 'gre-blockage');
    expect(f?.summary).toMatch(/GRE one-way \(40 to the server, 0 to the client\)/);
    expect(f?.summary).toMatch(/nf_nat_pptp/);
    expect(f?.evidence.some((e) => e.line === 88)).toBe(true);
    expect(f?.troubleshooting.id).toBe('lcp-timeout');
  });

  it('fires on a 619 error alone and links the 619 row', () => {
    const r = one('gre-blockage', { logs: logs([logEvent('error-619', 5, 'pptp: error 619')]) });
    expect(findingsOf(r, 'gre-blockage')[0]?.troubleshooting.id).toBe('error-619');
    expect(findingsOf(r, 'gre-blockage')[0]?.summary).toMatch(/upstream NAT/);
  });

  it('names the unassigned helper as a cause', () => {
    const r = one('gre-blockage', {
      logs: logs([logEvent('lcp-timeout', 88, 'LCP: timeout sending Config-Requests')]),
      modules: modules({ conntrackHelperSysctl: { value: 0, file: 'outputs/s', line: 1 } }),
      firewall: firewall('empty'),
    });
    expect(findingsOf(r, 'gre-blockage')[0]?.summary).toMatch(/nf_conntrack_helper=0/);
    // With the helper assigned by a rule (hardened ruleset) the sysctl is not a cause.
    const assigned = one('gre-blockage', {
      logs: logs([logEvent('lcp-timeout', 88, 'LCP: timeout sending Config-Requests')]),
      modules: modules({ conntrackHelperSysctl: { value: 0, file: 'outputs/s', line: 1 } }),
      firewall: firewall('hardened'),
    });
    expect(findingsOf(assigned, 'gre-blockage')[0]?.summary).toMatch(/No cause is visible on this host/);
  });

  it('does not fire when GRE flows both ways and the logs are clean', () => {
    expect(statusOf(one('gre-blockage', { wire: wire(), logs: logs() }), 'gre-blockage')).toBe('clear');
  });

  it('is not evaluated without capture and logs, or with a capture lacking a control session', () => {
    expect(statusOf(one('gre-blockage', { firewall: firewall('gre-after-reject') }), 'gre-blockage')).toBe('not-evaluated');
    const noControl = wire({ control: { connections: 0, controlEstablished: false, callEstablished: false, failures: [] } });
    expect(statusOf(one('gre-blockage', { wire: noControl }), 'gre-blockage')).toBe('not-evaluated');
  });
});

describe('rule mtu-fragmentation', () => {
  it('does not call an MTU above 1400 a mismatch when the DF probe shows full-size packets pass', () => {
    const facts = interfaces({ carrier: null });
    facts.interfaces[0] = iface({ mtu: 1500 });
    const r = one('mtu-fragmentation', { interfaces: facts, pathMtu: pathMtu({ largestPassingPacket: 1500, smallestFailingPacket: null }) });
    expect(statusOf(r, 'mtu-fragmentation')).toBe('clear');
    expect(r.rules[0]?.detail).toMatch(/1500-byte packets pass, ppp0 MTU 1500/);
  });

  it('fires when the tunnel MTU plus PPTP overhead exceeds the carrier MTU, citing both', () => {
    const facts = interfaces();
    facts.interfaces[0] = iface({ mtu: 1500 });
    const [f] = findingsOf(one('mtu-fragmentation', { interfaces: facts }), 'mtu-fragmentation');
    expect(f?.evidence.map((e) => e.excerpt)).toEqual(['ppp0: mtu 1500', 'eth0: mtu 1500']);
    expect(f?.summary).toMatch(/fragmented on the carrier/);
  });

  it('is not evaluated on a tunnel MTU alone: without the carrier or a probe nothing shows a mismatch', () => {
    const facts = interfaces({ carrier: null });
    facts.interfaces[0] = iface({ mtu: 1496 });
    const r = one('mtu-fragmentation', { interfaces: facts, firewall: firewall('gre-after-reject') });
    expect(statusOf(r, 'mtu-fragmentation')).toBe('not-evaluated');
  });

  it('fires when DF packets below the tunnel MTU fail, recommending the probed size with MSS clamping', () => {
    const facts = interfaces({ carrier: null });
    facts.interfaces[0] = iface({ mtu: 1496 });
    const r = one('mtu-fragmentation', { interfaces: facts, firewall: firewall('gre-after-reject'), pathMtu: pathMtu({ largestPassingPacket: 1400, smallestFailingPacket: 1401 }) });
    const [f] = findingsOf(r, 'mtu-fragmentation');
    expect(f?.summary).toMatch(/1401 bytes with DF set do not cross the tunnel although ppp0 sends up to 1496/);
    expect(f?.summary).toMatch(/No TCP MSS clamping/);
    expect(f?.remediation).toContain('ip link set dev ppp0 mtu 1400');
    expect(f?.remediation).toContain('TCPMSS --clamp-mss-to-pmtu');
    expect(f?.troubleshooting.id).toBe('drop-at-1450');
  });

  it('recommends the probed path MTU when it is below 1400', () => {
    const r = one('mtu-fragmentation', { interfaces: interfaces(), pathMtu: pathMtu({ largestPassingPacket: 1380, smallestFailingPacket: 1381 }) });
    const [f] = findingsOf(r, 'mtu-fragmentation');
    expect(f?.remediation).toContain('MTU to 1380 (the probed path MTU)');
    expect(f?.summary).toMatch(/1381 bytes with DF set/);
  });

  it('fires on a path MTU reported by ping (Frag needed)', () => {
    expect(statusOf(one('mtu-fragmentation', { latency: latency({ reportedPathMtu: 1450 }) }), 'mtu-fragmentation')).toBe('fired');
  });

  it('does not fire at MTU 1400 with no fragments', () => {
    expect(statusOf(one('mtu-fragmentation', { interfaces: interfaces(), wire: wire(), pathMtu: pathMtu() }), 'mtu-fragmentation')).toBe('clear');
  });

  it('is not evaluated when the tunnel is absent from the list and nothing else is known', () => {
    const r = one('mtu-fragmentation', { interfaces: interfaces({ tunnel: 'ppp9' }) });
    expect(statusOf(r, 'mtu-fragmentation')).toBe('not-evaluated');
    expect(statusOf(one('mtu-fragmentation', { latency: latency() }), 'mtu-fragmentation')).toBe('not-evaluated');
  });
});

describe('rules missing-modules and nat-helpers-missing', () => {
  it('fires high when ppp_mppe is missing', () => {
    const [f] = findingsOf(one('missing-modules', { modules: without(modules(), 'ppp_mppe') }), 'missing-modules');
    expect(f).toMatchObject({ id: 'missing-modules:ppp', severity: 'high' });
    expect(f?.troubleshooting.id).toBe('missing-modules');
  });

  it('counts built-in modules as present', () => {
    const m = modules();
    m.present = m.present.map((p) => (p.name === 'ppp_generic' ? { ...p, how: 'builtin' as const } : p));
    expect(statusOf(one('missing-modules', { modules: m }), 'missing-modules')).toBe('clear');
  });

  it('flags NAT helpers missing on a gateway, accepting the old ip_* names', () => {
    const r = one('nat-helpers-missing', { modules: without(modules(), 'nf_conntrack_pptp', 'nf_nat_pptp') });
    expect(findingsOf(r, 'nat-helpers-missing')[0]).toMatchObject({ id: 'nat-helpers-missing:modules', severity: 'high' });
    expect(findingsOf(r, 'nat-helpers-missing')[0]?.troubleshooting.id).toBe('error-619');
    const old = without(modules(), 'nf_conntrack_pptp', 'nf_nat_pptp');
    old.present.push({ name: 'ip_conntrack_pptp', how: 'loaded', file: 'f' }, { name: 'ip_nat_pptp', how: 'loaded', file: 'f' });
    expect(statusOf(one('nat-helpers-missing', { modules: old }), 'nat-helpers-missing')).toBe('clear');
  });

  it('does not judge NAT helpers when the host role is unknown, nor on a non-gateway', () => {
    const bare = without(modules(), 'nf_conntrack_pptp', 'nf_nat_pptp');
    expect(statusOf(one('nat-helpers-missing', { modules: { ...bare, gateway: null } }), 'nat-helpers-missing')).toBe('not-evaluated');
    expect(statusOf(one('nat-helpers-missing', { modules: { ...bare, gateway: { isGateway: false, basis: 'net.ipv4.ip_forward = 0' } } }), 'nat-helpers-missing')).toBe('clear');
  });

  it('flags an unassigned helper (sysctl 0, no CT rule)', () => {
    const r = one('nat-helpers-missing', { modules: modules({ conntrackHelperSysctl: { value: 0, file: 'outputs/s', line: 1 } }), firewall: firewall('empty') });
    expect(findingsOf(r, 'nat-helpers-missing').map((f) => f.id)).toEqual(['nat-helpers-missing:assignment']);
    // The hardened ruleset assigns the helper with -j CT --helper pptp.
    expect(statusOf(one('nat-helpers-missing', { modules: modules({ conntrackHelperSysctl: { value: 0, file: 's' } }), firewall: firewall('hardened') }), 'nat-helpers-missing')).toBe('clear');
  });
});
