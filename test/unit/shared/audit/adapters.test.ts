import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FactsInputError,
  chapSecretsFacts,
  firewallFacts,
  interfacesFacts,
  latencyFacts,
  modulesFacts,
  nftFirewallFacts,
  pathMtuFacts,
  pppOptionsFacts,
  probeFromDfPing,
  readSamplesJsonl,
  sensorsFacts,
  throughputFacts,
  tryAdapter,
} from '../../../../shared/audit/facts/index';
import type { ThroughputSample } from '../../../../shared/model/throughput';
import { summariseChapSecrets } from '../../../../shared/ops/chapSecretsSummary';

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');

describe('interfacesFacts', () => {
  it('keeps every interface of the real ip -j -d output and the named tunnel/carrier', () => {
    const f = interfacesFacts(fixture('lab/healthy/server-ip-addr-up.json'), 'step1/ip-addr.json', { iface: 'ppp0', carrier: 'sv0' });
    expect(f.source).toBe('step1/ip-addr.json');
    expect(f.tunnel).toBe('ppp0');
    expect(f.carrier).toBe('sv0');
    expect(f.interfaces.map((i) => i.name).sort()).toEqual(['lo', 'ppp0', 'sv0']);
    expect(f.interfaces.find((i) => i.name === 'ppp0')?.mtu).toBe(1496);
  });

  it('without a named tunnel takes the first ppp interface; carrier unknown', () => {
    const f = interfacesFacts(fixture('interfaces/ip-j-d-addr.ppp.json'), 'ip.json', { iface: null });
    expect(f.tunnel).toMatch(/^ppp\d+$/);
    expect(f.carrier).toBeNull();
  });

  it('refuses output that is not JSON or empty, naming the file', () => {
    expect(() => interfacesFacts('1: lo: <LOOPBACK>', 'ip.json', { iface: 'ppp0' })).toThrow(FactsInputError);
    expect(() => interfacesFacts('   ', 'ip.json', { iface: 'ppp0' })).toThrow(/^ip\.json: .*nothing/);
  });
});

describe('modulesFacts', () => {
  it('cites each loaded module at its /proc/modules line; a missing sysctl key is null', () => {
    const f = modulesFacts(
      { procModules: fixture('lab/healthy/proc-modules.txt'), sysctls: fixture('lab/healthy/sysctl-nf_conntrack_helper.txt') },
      { procModules: 'step2/proc-modules.txt', sysctls: 'step2/sysctl.txt' },
    );
    expect(f.source).toBe('step2/proc-modules.txt');
    const lines = fixture('lab/healthy/proc-modules.txt').split('\n');
    const lineOf = (name: string) => lines.findIndex((l) => l.startsWith(`${name} `)) + 1;
    expect(f.present.find((m) => m.name === 'ppp_mppe')).toEqual({ name: 'ppp_mppe', how: 'loaded', file: 'step2/proc-modules.txt', line: lineOf('ppp_mppe') });
    expect(f.present.find((m) => m.name === 'pptp')?.line).toBe(lineOf('pptp'));
    expect(lineOf('pptp')).toBeGreaterThan(0);
    expect(f.conntrackHelperSysctl).toBeNull();
    expect(f.gateway).toBeNull();
    // Neither modules.builtin nor the config was read: what is not loaded may be built in.
    expect(f.undetermined).toEqual(expect.arrayContaining(['nf_conntrack_pptp', 'nf_nat_pptp']));
    expect(f.undetermined).not.toContain('ppp_mppe');
  });

  it('a monolithic kernel (empty lsmod): built-ins from modules.builtin and the config, with lines; ip_forward for the role', () => {
    const builtin = fixture('modules/uml-6.1-modules.builtin');
    const config = fixture('modules/uml-6.1-config.txt');
    const sysctls = fixture('modules/host-sysctl-other.txt');
    const f = modulesFacts(
      { procModules: fixture('modules/host-lsmod.stdout.txt'), builtin, kernelConfig: config, sysctls },
      { procModules: 'lsmod.txt', builtin: 'modules.builtin', kernelConfig: 'config.txt', sysctls: 'sysctl.txt' },
    );
    expect(f.undetermined).toBeUndefined();
    expect(f.gateway).toEqual({ isGateway: false, basis: 'net.ipv4.ip_forward = 0', file: 'sysctl.txt', line: 1 });
    expect(f.present.length).toBeGreaterThan(0);
    expect(f.present.every((p) => p.how === 'builtin')).toBe(true);
    for (const m of f.present) {
      expect(m.line).toBeGreaterThan(0);
      const lines = (m.file === 'modules.builtin' ? builtin : config).split('\n');
      expect(lines[(m.line as number) - 1]).toMatch(m.file === 'modules.builtin' ? /\.ko/ : /=y$/);
    }
  });

  it('the host kernel config: NF_CONNTRACK_PPTP=y and NF_NAT_PPTP=y are built in, cited at their line', () => {
    const config = fixture('modules/host-6.18-proc-config.txt');
    const f = modulesFacts({ procModules: '', kernelConfig: config }, { procModules: 'lsmod.txt', kernelConfig: 'config.txt' });
    const helper = f.present.find((m) => m.name === 'nf_conntrack_pptp');
    expect(helper).toMatchObject({ how: 'builtin', file: 'config.txt' });
    expect(config.split('\n')[(helper?.line as number) - 1]).toBe('CONFIG_NF_CONNTRACK_PPTP=y');
    expect(f.present.find((m) => m.name === 'nf_nat_pptp')).toBeDefined();
    expect(f.present.find((m) => m.name === 'ppp_generic')).toBeUndefined();
  });

  it('an explicit sysctl value and ip_forward=1 make a gateway with the helper state', () => {
    const f = modulesFacts(
      { procModules: fixture('lab/healthy/proc-modules.txt'), sysctls: 'net.netfilter.nf_conntrack_helper = 0\nnet.ipv4.ip_forward = 1\n' },
      { procModules: 'm.txt', sysctls: 's.txt' },
    );
    expect(f.conntrackHelperSysctl).toEqual({ value: 0, file: 's.txt', line: 1 });
    expect(f.gateway).toMatchObject({ isGateway: true, file: 's.txt', line: 2 });
  });

  it('bare /proc/sys values: the helper\'s "0" is never read as ip_forward; a bare ip_forward file is', () => {
    const m = fixture('lab/healthy/proc-modules.txt');
    const helperOnly = modulesFacts({ procModules: m, sysctls: '0\n' }, { procModules: 'm.txt', sysctls: 'helper.txt' });
    expect(helperOnly.conntrackHelperSysctl).toEqual({ value: 0, file: 'helper.txt', line: undefined });
    expect(helperOnly.gateway).toBeNull();
    const both = modulesFacts({ procModules: m, sysctls: '0\n', ipForward: '1\n' }, { procModules: 'm.txt', sysctls: 'helper.txt', ipForward: 'fwd.txt' });
    expect(both.gateway).toMatchObject({ isGateway: true, file: 'fwd.txt' });
  });

  it('the auditor role is used only when ip_forward was not read', () => {
    const f = modulesFacts({ procModules: fixture('lab/healthy/proc-modules.txt') }, { procModules: 'm.txt' }, { role: { isGateway: true, basis: 'auditor: NAT router' } });
    expect(f.gateway).toEqual({ isGateway: true, basis: 'auditor: NAT router' });
  });

  it('refuses an empty or unreadable module list', () => {
    expect(() => modulesFacts({ procModules: '' }, { procModules: 'm.txt' })).toThrow(/m\.txt: .*empty/);
    expect(() => modulesFacts({ procModules: '<html>error</html>\n' }, { procModules: 'm.txt' })).toThrow(FactsInputError);
  });
});

function sample(t: number, iface: string, over: Partial<ThroughputSample> = {}): ThroughputSample {
  return {
    t, iface, ifindex: 3, present: true, intervalMs: 1000, rxBytes: t, txBytes: t, rxPackets: 1, txPackets: 1,
    rxBps: 8e6, txBps: 4e6, rxPps: 100, txPps: 50, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0, gap: false, gapReason: null, ...over,
  };
}

describe('throughputFacts', () => {
  const gap = (reason: ThroughputSample['gapReason'], present = true): Partial<ThroughputSample> => ({ gap: true, gapReason: reason, intervalMs: null, rxBps: null, txBps: null, rxPps: null, txPps: null, present });
  const lines = [
    sample(0, 'ppp0', gap('start')),
    sample(0, 'eth0', gap('start')),
    sample(1000, 'ppp0'),
    sample(1000, 'eth0'),
    sample(2000, 'ppp0', gap('vanished', false)),
    sample(3000, 'ppp0', gap('returned')),
    sample(4000, 'ppp0'),
    sample(5000, 'ppp0', gap('ifindex-changed')),
  ];
  const jsonl = `${lines.map((s) => JSON.stringify(s)).join('\n')}\n{"t":6000,"iface":"ppp0","torn`;

  it('keeps the interface asked for, with discontinuities at their JSONL lines (start is not one)', () => {
    const f = throughputFacts(jsonl, 'samples/throughput.jsonl', 'ppp0', 100, 'auditor');
    expect(f.discontinuities).toEqual([
      { t: 2000, reason: 'vanished', line: 5 },
      { t: 3000, reason: 'returned', line: 6 },
      { t: 5000, reason: 'ifindex-changed', line: 8 },
    ]);
    expect(f.stats.samples).toBe(6);
    expect(f.stats.rx.maxBps).toBe(8e6);
    expect(f.stats.measuredSeconds).toBe(2);
    expect(f).toMatchObject({ source: 'samples/throughput.jsonl', iface: 'ppp0', linkSpeedMbps: 100, linkSpeedSource: 'auditor' });
  });

  it('samples already read count their array position as the line', () => {
    expect(throughputFacts(lines, 's.jsonl', 'ppp0', null, null).discontinuities.map((d) => d.line)).toEqual([5, 6, 8]);
  });

  it('an unusable link speed becomes unknown', () => {
    expect(throughputFacts(lines, 's.jsonl', 'ppp0', 0, 'sysfs')).toMatchObject({ linkSpeedMbps: null, linkSpeedSource: null });
  });

  it('reports the torn tail and hostile lines, and refuses an interface with no sample', () => {
    const read = readSamplesJsonl(`${jsonl}\n{"t":"__proto__","iface":1}\n`);
    expect(read.samples).toHaveLength(8);
    expect(read.badLines).toEqual([9, 10]);
    expect(() => throughputFacts(jsonl, 's.jsonl', 'ppp9', null, null)).toThrow(/s\.jsonl: no throughput sample of ppp9/);
  });
});

describe('latencyFacts / pathMtuFacts', () => {
  it('ping across the lab tunnel', () => {
    const text = fixture('lab/healthy/ping-1400.txt');
    const f = latencyFacts(text, 'step6/ping.txt');
    expect(f.source).toBe('step6/ping.txt');
    expect(f.report).toMatchObject({ transmitted: 20, received: 20, lossPercent: 0, payloadBytes: 1400 });
    const avg = Number(/= [\d.]+\/([\d.]+)\//.exec(text)?.[1]);
    expect(f.report.rtt?.avgMs).toBe(avg);
    expect(f.report.jitterMs).not.toBeNull();
  });

  it('refuses output that is not ping', () => {
    expect(() => latencyFacts('', 'p.txt')).toThrow(/p\.txt: ping printed nothing/);
    expect(() => latencyFacts('bash: ping: command not found\n', 'p.txt')).toThrow(FactsInputError);
  });

  it('DF probes: a local "message too long" fails at its first error line, a reply passes', () => {
    const fail = probeFromDfPing(fixture('lab/healthy/ping-df-1472.txt'), 'df-1472.txt');
    expect(fail).toEqual({ payload: 1472, passed: false, reportedMtu: 1496, file: 'df-1472.txt', line: 2 });
    const pass = probeFromDfPing(fixture('lab/healthy/ping-df-1400.txt'), 'df-1400.txt');
    expect(pass).toMatchObject({ payload: 1400, passed: true, file: 'df-1400.txt', line: 7 });
    const f = pathMtuFacts([fail, pass], 'probe.txt');
    expect(f).toEqual({ source: 'df-1472.txt', largestPassingPacket: 1428, smallestFailingPacket: 1500, line: 2 });
  });

  it('a router\'s "Frag needed" is a failure with its MTU', () => {
    expect(probeFromDfPing(fixture('ping/frag-needed.txt'), 'f.txt')).toMatchObject({ payload: 1400, passed: false, reportedMtu: 1300, line: 2 });
  });

  it('a failure smaller than a passing size is a lost probe, not a limit; nothing passing gives null', () => {
    expect(pathMtuFacts([{ payload: 1000, passed: false, reportedMtu: null }, { payload: 1200, passed: true, reportedMtu: null }], 'p.txt')).toEqual({
      source: 'p.txt',
      largestPassingPacket: 1228,
      smallestFailingPacket: null,
    });
    expect(pathMtuFacts([{ payload: 548, passed: false, reportedMtu: null }], 'p.txt')).toMatchObject({ largestPassingPacket: null, smallestFailingPacket: 576 });
    expect(pathMtuFacts([{ payload: 1232, passed: true, reportedMtu: null }], 'p.txt', 'inet6').largestPassingPacket).toBe(1280);
    expect(() => pathMtuFacts([], 'p.txt')).toThrow(/no path-MTU probe/);
    expect(() => probeFromDfPing('garbage\n', 'g.txt')).toThrow(/g\.txt: .*probe size is unknown/);
  });
});

describe('hardening adapters', () => {
  it('iptables-save of a hardened host: allowlisted 1723, MSS clamp, pptp helper', () => {
    const f = firewallFacts(fixture('iptables/hardened.save.txt'), 'fw/iptables-save.txt');
    expect(f.source).toBe('fw/iptables-save.txt');
    expect(f.audit.controlPort.status).toBe('allowlisted');
    expect(f.audit.mssClamp).toBe(true);
    expect(f.audit.helper.assigned).toBe(true);
  });

  it('empty iptables-save (the lab: no table loaded) means nothing filters; empty ACCEPT chains let everything in', () => {
    expect(firewallFacts('', 'fw.txt').audit.controlPort.status).toBe('no-filter');
    const accepting = firewallFacts(fixture('iptables/empty.save.txt'), 'fw.txt').audit;
    expect(accepting.controlPort.status).toBe('open-to-any');
    expect(accepting.gre.status).toBe('accepted');
  });

  it('nft ruleset', () => {
    const f = nftFirewallFacts(fixture('nft/hardened.nft.txt'), 'nft.txt');
    expect(f.audit.source).toBe('nft');
    expect(f.audit.controlPort.status).toBe('allowlisted');
  });

  it('refuses text that is no firewall dump', () => {
    expect(() => firewallFacts('iptables-save: command not found\n', 'fw.txt')).toThrow(/fw\.txt: not a recognised input/);
  });

  it('pppd options: the lab server requires 128-bit MPPE, the cleartext fixture disables it', () => {
    const ok = pppOptionsFacts(fixture('lab/healthy/options.pptpd'), 'cfg/options.pptpd', '/etc/ppp/options.pptpd');
    expect(ok).toMatchObject({ source: 'cfg/options.pptpd', file: '/etc/ppp/options.pptpd' });
    expect(ok.posture.mppeRequired).toBe(true);
    expect(pppOptionsFacts(fixture('pppoptions/cleartext-options.pptpd'), 'o', '/etc/ppp/options.pptpd').posture.mppeRequired).toBe(false);
  });

  it('chap-secrets summary is passed through, secrets never present', () => {
    const body = fixture('lab/healthy/chap-secrets');
    const summary = summariseChapSecrets(body, { path: '/etc/ppp/chap-secrets', mode: 0o100644, uid: 0, gid: 0, owner: 'root', group: 'root', sizeBytes: body.length });
    const f = chapSecretsFacts(summary, 'ops/chap-secrets.json');
    expect(f.source).toBe('ops/chap-secrets.json');
    expect(f.summary.worldReadable).toBe(true);
    expect(JSON.stringify(f)).not.toContain('LabFakeSecret');
  });

  it('sensors -j: readings of a desktop, none on a VM, refusal of non-JSON', () => {
    const f = sensorsFacts(fixture('sensors/example-desktop-public.json'), 'sensors.json');
    expect(f.readings.length).toBeGreaterThan(0);
    expect(f.readings[0]).toMatchObject({ chip: 'coretemp-isa-0000', label: 'Package id 0', inputC: 41, highC: 80, critC: 100 });
    expect(sensorsFacts(fixture('sensors/empty-vm.stdout.json'), 's.json').readings).toEqual([]);
    expect(() => sensorsFacts('No sensors found!\n', 's.json')).toThrow(FactsInputError);
  });
});

describe('tryAdapter', () => {
  it('turns a failing adapter into a one-line problem and passes a good one through', () => {
    expect(tryAdapter(() => latencyFacts('', 'step6/ping.txt'))).toEqual({ ok: false, problem: 'step6/ping.txt: ping printed nothing' });
    expect(tryAdapter(() => 42)).toEqual({ ok: true, facts: 42 });
  });
});
