// Scenarios where the tunnel fails, each for one real, characteristic reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { countLines, interfaces, ipv4Of, pingSummary } from './expect-helpers';
import { scenario, scenarios, type ScenarioArtefacts } from './lab';
import { pppProtocols, pptpControlTypes, tsharkCount, tsharkFields } from './tshark';

beforeAll(async () => {
  await scenarios();
});

function expectNoTunnelAtEnd(s: ScenarioArtefacts): void {
  expect(ipv4Of(interfaces(s, 'client-ip-addr-end.json').get('ppp0'))).toEqual([]);
  expect(s.has('client-ip-addr-up.json')).toBe(false);
}

describe('gre-blocked', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('gre-blocked');
  });

  it('drops protocol 47 on the server before any ACCEPT', () => {
    const rules = s
      .read('server-iptables-save.txt')
      .split('\n')
      .filter((l) => l.startsWith('-A INPUT'));
    expect(rules[0]).toBe('-A INPUT -p gre -j DROP');
    expect(rules[1]).toContain('--dport 1723 -j ACCEPT');
    const drop = s
      .read('server-iptables-counters.txt')
      .split('\n')
      .find((l) => /\bDROP\b/.test(l));
    expect(Number(drop?.trim().split(/\s+/)[0])).toBeGreaterThan(0);
  });

  it('brings the control channel up, then LCP times out', () => {
    const types = pptpControlTypes(s.path('capture.pcap'));
    expect(types.slice(0, 4)).toEqual([1, 2, 7, 8]);
    expect(s.read('client-pppd.log')).toContain('LCP: timeout sending Config-Requests');
    // The client retries its full schedule (lcp-max-configure 5) and gives up. How many of its
    // own retries the server gets out first depends on when its pppd started, later under load:
    // at least one, and it never hears a thing.
    expect(countLines(s.read('client-pppd.log'), 'sent [LCP ConfReq id=0x1')).toBe(5);
    const server = s.read('server-pppd.log');
    expect(countLines(server, 'sent [LCP ConfReq id=0x1')).toBeGreaterThanOrEqual(1);
    expect(server).not.toContain('rcvd [LCP');
    expect(pppProtocols(s.path('capture.pcap')).get('0xc223') ?? 0).toBe(0); // never reached CHAP
    expectNoTunnelAtEnd(s);
  });
});

describe('gre-blocked-midsession', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('gre-blocked-midsession');
  });

  it('works first, then loses every ping once GRE is dropped', () => {
    expect(pingSummary(s.read('ping-1400.txt'))).toEqual({ sent: 10, received: 10 });
    expect(pingSummary(s.read('ping-blocked.txt'))?.received).toBe(0);
  });

  it('detects the dead link by LCP echo and tears ppp0 down', () => {
    const client = s.read('client-pppd.log');
    expect(client).toContain('No response to 3 echo-requests');
    expect(client).toContain('Serial link appears to be disconnected.');
    expect(interfaces(s, 'client-ip-addr-end.json').has('ppp0')).toBe(false);
    // The client kept sending GRE (echo requests) that the server dropped.
    expect(tsharkCount(s.path('capture.pcap'), 'gre && ip.src == 10.47.0.2')).toBeGreaterThan(20);
  });
});

describe('mppe-refused', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('mppe-refused');
  });

  it('ends with "MPPE required but peer refused"', () => {
    expect(s.read('peer-lab.options')).toMatch(/^nomppe$/m);
    expect(s.read('server-pppd.log')).toContain(
      'rcvd [CCP ConfRej id=0x1 <mppe +H -M +S -L -D -C>]',
    );
    expect(s.read('server-pppd.log')).toContain('MPPE required but peer refused');
    expect(s.read('client-pppd.log')).toContain(
      'LCP terminated by peer (MPPE required but peer refused)',
    );
    expectNoTunnelAtEnd(s);
  });

  it('shows CCP and an LCP Terminate-Request on the wire', () => {
    const protos = pppProtocols(s.path('capture.pcap'));
    expect(protos.get('0x80fd') ?? 0).toBeGreaterThanOrEqual(2);
    expect(tsharkCount(s.path('capture.pcap'), 'lcp && ppp.code == 5')).toBeGreaterThanOrEqual(1); // Terminate-Request
  });
});

describe('mppe-noccp', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('mppe-noccp');
  });

  it('ends with "MPPE required but peer negotiation failed" after a CCP Protocol-Reject', () => {
    const server = s.read('server-pppd.log');
    expect(server).toContain(
      "Protocol-Reject for 'Compression Control Protocol' (0x80fd) received",
    );
    expect(server).toContain('MPPE required but peer negotiation failed');
    expect(s.read('client-pppd.log')).toContain(
      'LCP terminated by peer (MPPE required but peer negotiation failed)',
    );
    expect(tsharkCount(s.path('capture.pcap'), 'lcp && ppp.code == 8')).toBe(1);
    expectNoTunnelAtEnd(s);
  });
});

describe('auth-failed', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('auth-failed');
  });

  it('fails MS-CHAPv2 with E=691 at both ends', () => {
    const client = s.read('client-pppd.log');
    expect(client).toMatch(
      /rcvd \[CHAP Failure id=0x[0-9a-f]+ "E=691 R=1 C=[0-9a-f]+ V=0 M=Access denied"\]/,
    );
    expect(client).toContain('MS-CHAP authentication failed: Access denied');
    const server = s.read('server-pppd.log');
    expect(server).toContain('Peer labuser failed CHAP authentication');
    expect(server).toContain('sent [LCP TermReq id=0x2 "Authentication failed"]');
    expectNoTunnelAtEnd(s);
  });

  it('shows the CHAP Failure (code 4) on the wire and no IPCP', () => {
    expect(tsharkCount(s.path('capture.pcap'), 'chap.code == 4')).toBe(1);
    expect(pppProtocols(s.path('capture.pcap')).get('0x8021') ?? 0).toBe(0);
  });
});

describe('nat-nohelper', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('nat-nohelper');
  });

  it('masquerades without any PPTP helper loaded or attached', () => {
    expect(s.read('nat-iptables-save.txt')).toContain('-A POSTROUTING -o ns0 -j MASQUERADE');
    expect(s.read('nat-iptables-save.txt')).not.toContain('--helper');
    expect(s.read('proc-modules.txt')).not.toMatch(/^nf_conntrack_pptp /m);
  });

  it('gets the client GRE out, but the server GRE never comes back: LCP times out', () => {
    const outside = tsharkFields(s.path('capture-nat-outside.pcap'), 'gre', ['ip.src']).map(
      ([a]) => a,
    );
    expect(outside.filter((a) => a === '10.47.0.1').length).toBeGreaterThan(0);
    const inside = tsharkFields(s.path('capture.pcap'), 'gre', ['ip.src']).map(([a]) => a);
    expect(inside.filter((a) => a === '10.47.0.1')).toHaveLength(0);
    expect(s.read('client-pppd.log')).toContain('LCP: timeout sending Config-Requests');
    expect(s.read('server-pppd.log')).toContain('rcvd [LCP ConfReq');
    expectNoTunnelAtEnd(s);
  });
});
