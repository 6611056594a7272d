// Scenarios where the PPTP tunnel comes up: each must really have happened in
// the UML guest (pppd lines, ppp0, counters, and what tshark sees on the wire).
import { beforeAll, describe, expect, it } from 'vitest';
import { countLines, fileSize, interfaces, ipv4Of, netDev, pingSummary } from './expect-helpers';
import { scenario, scenarios, type ScenarioArtefacts } from './lab';
import { LAB_FAKE_SECRET } from './scenarios';
import { greSequences, pppProtocols, pptpControlTypes, tsharkCount, tsharkFields } from './tshark';

// Boot every scenario once (cached across lab test files, two guests at a time).
beforeAll(async () => {
  await scenarios();
});

const MPPE_ON = 'MPPE 128-bit stateless compression enabled';

function expectTunnelUp(s: ScenarioArtefacts, phase = 'up'): void {
  const client = interfaces(s, `client-ip-addr-${phase}.json`);
  const server = interfaces(s, `server-ip-addr-${phase}.json`);
  expect(ipv4Of(client.get('ppp0'))).toContain('192.168.47.10');
  expect(ipv4Of(server.get('ppp0'))).toContain('192.168.47.1');
}

function expectSmallPcap(s: ScenarioArtefacts, file = 'capture.pcap'): void {
  expect(fileSize(s, file)).toBeGreaterThan(1000);
  expect(fileSize(s, file)).toBeLessThan(2 * 1024 * 1024);
}

describe('healthy', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('healthy');
  });

  it('ran to the end and recorded what it did', () => {
    expect(s.manifest.exitCode).toBe(0);
    expect(s.manifest.start).not.toBeNull();
    expect(s.exitOf('ping-1400')).toBe(0);
  });

  it('authenticates with MS-CHAPv2 and turns MPPE-128 on, at both ends', () => {
    const client = s.read('client-pppd.log');
    const server = s.read('server-pppd.log');
    expect(client).toContain('CHAP authentication succeeded');
    expect(client).toContain(MPPE_ON);
    expect(client).toContain('local  IP address 192.168.47.10');
    expect(server).toContain('peer from calling number 10.47.0.2 authorized');
    expect(server).toContain(MPPE_ON);
    expect(server).toMatch(/sent \[LCP ConfReq id=0x1 .*<auth chap MS-v2>/);
  });

  it('has real syslog lines from pptpd, pptp and pppd', () => {
    const syslog = s.read('syslog.txt');
    expect(syslog).toMatch(/pptpd\[\d+\]: CTRL: Client 10\.47\.0\.2 control connection started/);
    expect(syslog).toMatch(/pptp\[\d+\]: .*Outgoing call established/);
    expect(syslog).toMatch(/pppd\[\d+\]: pppd 2\.4\.9 started by root/);
    expect(syslog).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00 pptp-lab /m);
  });

  it('brings ppp0 up with MTU 1496 on both sides and carries the pings', () => {
    expectTunnelUp(s);
    expect(interfaces(s, 'client-ip-addr-up.json').get('ppp0')?.mtu).toBe(1496);
    expect(pingSummary(s.read('ping-1400.txt'))).toEqual({ sent: 20, received: 20 });
    expect(s.read('ping-df-1472.txt')).toContain('message too long, mtu=1496');
    expect(pingSummary(s.read('ping-df-1400.txt'))?.received).toBe(3);
    const before = netDev(s, 'client-proc-net-dev-up.txt', 'ppp0');
    const after = netDev(s, 'client-proc-net-dev-end.txt', 'ppp0');
    expect(after!.txPackets - before!.txPackets).toBeGreaterThanOrEqual(23);
  });

  it('shows the PPTP control exchange and only encrypted PPP data on the wire', () => {
    expectSmallPcap(s);
    const types = pptpControlTypes(s.path('capture.pcap'));
    expect(types.slice(0, 4)).toEqual([1, 2, 7, 8]);
    const protos = pppProtocols(s.path('capture.pcap'));
    expect(protos.get('0x00fd') ?? 0).toBeGreaterThanOrEqual(46); // 23 pings each way, compressed/encrypted
    expect(protos.get('0x0021') ?? 0).toBe(0); // no cleartext IPv4
    expect(protos.get('0xc223') ?? 0).toBe(3); // CHAP challenge, response, success
    expect(tsharkCount(s.path('capture.pcap'), 'ip.flags.mf == 1 || ip.frag_offset > 0')).toBe(0);
  });

  it('keeps the fake test secret and configuration it ran with', () => {
    expect(s.read('chap-secrets')).toContain(`labuser\tpptpd\t${LAB_FAKE_SECRET}\t*`);
    expect(LAB_FAKE_SECRET).toHaveLength(24);
    expect(s.read('options.pptpd')).toMatch(/^require-mschap-v2$/m);
    expect(s.read('options.pptpd')).toMatch(/^require-mppe-128$/m);
    const modules = s.read('proc-modules.txt');
    for (const m of ['ppp_generic', 'ppp_mppe', 'pptp', 'gre', 'ppp_async'])
      expect(modules).toMatch(new RegExp(`^${m} `, 'm'));
  });
});

describe('cleartext', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('cleartext');
  });

  it('comes up without MPPE on either side', () => {
    expectTunnelUp(s);
    expect(s.read('client-pppd.log')).not.toContain(MPPE_ON);
    expect(s.read('server-pppd.log')).not.toContain(MPPE_ON);
    expect(s.read('options.pptpd')).toMatch(/^nomppe$/m);
  });

  it('puts plain PPP 0x0021 IPv4 frames on the wire: the pings are readable inside GRE', () => {
    const protos = pppProtocols(s.path('capture.pcap'));
    expect(protos.get('0x0021') ?? 0).toBeGreaterThanOrEqual(46);
    expect(protos.get('0x00fd') ?? 0).toBe(0);
    const inner = tsharkFields(s.path('capture.pcap'), 'gre && icmp.type == 8', ['ip.src'], 'l');
    expect(inner.length).toBeGreaterThanOrEqual(23);
    expect(inner[0]).toEqual(['192.168.47.10']); // the inner source address, in clear
  });
});

describe('lossy', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('lossy');
  });

  /** GRE data packets the every-7th counter on one side's carrier veth dropped (tc's own count). */
  const dropsIn = (side: 'client' | 'server'): number =>
    Number(/\(dropped (\d+),/.exec(s.read(`gre-loss-${side}.txt`))?.[1] ?? NaN);

  it('runs netem with known delay and jitter on both carrier veths, and a counter that drops GRE', () => {
    for (const f of ['tc-client-cl0-end.txt', 'tc-server-sv0-end.txt']) {
      expect(s.read(f)).toMatch(/netem .*delay 20ms\s+5ms/);
      expect(s.read(f)).not.toMatch(/ loss /); // no random loss: the counter below is the loss
    }
    for (const side of ['client', 'server'] as const) {
      const filter = s.read(`gre-loss-${side}.txt`);
      expect(filter).toMatch(/cmp\(u8 at 9 layer 1 eq 47\)/);
      expect(filter).toMatch(/random type determ drop val 7/);
    }
  });

  it('drops one GRE data packet in seven each way: the pings are late and lose their share', () => {
    // 50 echo requests, one GRE data packet each: the client's counter drops every 7th (7),
    // the server's every 7th of the 43 replies it sends back (6, one more if another data
    // packet of the server's shifted its count).
    expect(dropsIn('client')).toBeGreaterThanOrEqual(7);
    expect(dropsIn('server')).toBeGreaterThanOrEqual(6);
    const p = pingSummary(s.read('ping-1400.txt'));
    expect(p?.sent).toBe(50);
    expect(p!.received).toBeLessThanOrEqual(50 - 7 - 6);
    expect(p!.received).toBeGreaterThanOrEqual(50 - 8 - 8);
    const avg = /= [\d.]+\/([\d.]+)\//.exec(s.read('ping-1400.txt'));
    expect(Number(avg?.[1])).toBeGreaterThan(20);
  });

  it('shows GRE sequence gaps on the wire', () => {
    const seqs = greSequences(s.path('capture.pcap'));
    let anomalies = 0;
    for (const list of seqs.values()) {
      for (let i = 1; i < list.length; i++) if (list[i] !== (list[i - 1] ?? 0) + 1) anomalies++;
    }
    expect(anomalies).toBeGreaterThanOrEqual(7); // at least the client's own 7 drops
  });
});

describe('shaped', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('shaped');
  });
  const mbps = (file: string): number => {
    const j = JSON.parse(s.read(file)) as { end: { sum_received: { bits_per_second: number } } };
    return j.end.sum_received.bits_per_second / 1e6;
  };

  it('caps server-to-client throughput at the token bucket rate (2 Mbit/s)', () => {
    expect(s.read('tc-server-sv0-end.txt')).toMatch(/tbf .*rate 2Mbit/);
    const down = mbps('iperf3-download.json');
    expect(down).toBeGreaterThan(1.0);
    expect(down).toBeLessThan(2.05);
  });

  it('leaves the other direction unshaped (iperf3 at 3 Mbit/s gets through)', () => {
    expect(mbps('iperf3-upload.json')).toBeGreaterThan(2.5);
    expectSmallPcap(s);
  });
});

describe('mtu-mismatch', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('mtu-mismatch');
  });

  it('has a 1400-byte carrier path under a 1496-byte ppp0', () => {
    const client = interfaces(s, 'client-ip-addr-up.json');
    expect(client.get('cl0')?.mtu).toBe(1400);
    expect(client.get('ppp0')?.mtu).toBe(1496);
  });

  it('fragments the GRE carrier packets of 1400-byte pings, and DF 1472 fails locally', () => {
    expect(pingSummary(s.read('ping-1400.txt'))?.received).toBe(20);
    expect(tsharkCount(s.path('capture.pcap'), 'ip.flags.mf == 1')).toBeGreaterThanOrEqual(20);
    expect(s.read('ping-df-1472.txt')).toContain('message too long, mtu=1496');
  });
});

describe('link-flap', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('link-flap');
  });

  it('loses ppp0 when pptp is killed and redials with persist', () => {
    expect(s.read('killed-pptp.txt')).toMatch(/pptp 10\.47\.0\.1 --nolaunchpppd/);
    const client = s.read('client-pppd.log');
    expect(countLines(client, 'Connect: ppp0 <--> /dev/pts/')).toBe(2);
    expect(countLines(client, 'local  IP address 192.168.47.10')).toBe(2);
    expect(s.manifest.notes.map((n) => n.note)).toContain('ready: client ppp0 gone or re-created');
    expectTunnelUp(s, 'after-flap');
    expect(pingSummary(s.read('ping-after-flap.txt'))?.received).toBe(5);
  });

  it('comes back as a new interface with fresh counters', () => {
    const before = interfaces(s, 'client-ip-addr-before-flap.json');
    const after = interfaces(s, 'client-ip-addr-after-flap.json');
    const b = netDev(s, 'client-proc-net-dev-before-flap.txt', 'ppp0');
    const a = netDev(s, 'client-proc-net-dev-after-flap.txt', 'ppp0');
    expect(a!.txBytes).toBeLessThan(b!.txBytes);
    expect(after.get('ppp0')?.ifindex).toBeDefined();
    expect(after.get('ppp0')?.ifindex).not.toBe(before.get('ppp0')?.ifindex);
  });

  it('shows two PPTP control connections on the wire', () => {
    const types = pptpControlTypes(s.path('capture.pcap'));
    expect(types.filter((t) => t === 1)).toHaveLength(2);
    expect(types.filter((t) => t === 7)).toHaveLength(2);
  });
});

describe('nat (with the PPTP conntrack/NAT helpers)', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    s = await scenario('nat');
  });

  it('masquerades the client and attaches the pptp helper', () => {
    const rules = s.read('nat-iptables-save.txt');
    expect(rules).toContain('-A POSTROUTING -o ns0 -j MASQUERADE');
    expect(rules).toMatch(/-A PREROUTING -p tcp -m tcp --dport 1723 -j CT --helper pptp/);
    const modules = s.read('proc-modules.txt');
    expect(modules).toMatch(/^nf_conntrack_pptp /m);
    expect(modules).toMatch(/^nf_nat_pptp /m);
  });

  it('brings the tunnel up through NAT', () => {
    expectTunnelUp(s);
    expect(pingSummary(s.read('ping-1400.txt'))?.received).toBe(10);
    expect(s.read('server-pppd.log')).toContain('peer from calling number 10.47.0.254 authorized');
  });

  it('shows the client address inside and the NAT address outside', () => {
    const inside = tsharkFields(s.path('capture.pcap'), 'gre', ['ip.src']).map(([a]) => a);
    const outside = tsharkFields(s.path('capture-nat-outside.pcap'), 'gre', ['ip.src']).map(
      ([a]) => a,
    );
    expect(inside).toContain('10.47.1.2');
    expect(outside).toContain('10.47.0.254');
    expect(outside).not.toContain('10.47.1.2');
    // conntrack tracks the GRE call by call-id keys (learnt by the pptp helper).
    expect(s.read('nat-conntrack.txt')).toMatch(
      /gre\s+47 .*src=10\.47\.1\.2 dst=10\.47\.0\.1 srckey=0x[0-9a-f]+.* dst=10\.47\.0\.254 /,
    );
  });
});
