import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FactsInputError,
  firewallFacts,
  firewallFactsFrom,
  interfacesFacts,
  latencyFacts,
  listenersFacts,
  logInputKind,
  logsFacts,
  modulesFacts,
  pathMtuFacts,
  pppOptionsFacts,
  probesFromDfPingRuns,
  processFacts,
} from '../../../../shared/audit/facts/index';
import { fixturePath, readFixture } from '../parsers/readFixture';

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FactsInputError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/\n/);
    return message;
  }
  throw new Error('accepted');
};

describe('interfaces adapter: ip -j or ip text', () => {
  it('the same facts from both forms of the lab client; kind and link type carried', () => {
    const json = interfacesFacts(readFixture('lab/healthy/client-ip-addr-up.json'), 'ip.json', {
      iface: null,
    });
    const text = interfacesFacts(readFixture('lab/healthy/client-ip-addr-up.txt'), 'ip.txt', {
      iface: null,
    });
    expect(text.tunnel).toBe('ppp0');
    expect(json.interfaces[0]).toMatchObject({ name: 'ppp0', linkType: 'ppp', kind: 'ppp' });
    expect(text.interfaces.map((i) => [i.name, i.linkType, i.mtu])).toEqual(
      json.interfaces.map((i) => [i.name, i.linkType, i.mtu]),
    );
  });

  it('the veth named ppp0 is audited as ppp0 and says ether/veth', () => {
    const facts = interfacesFacts(readFixture('inputs/ip-j-d-addr.veth-ppp0.json'), 'ip.json', {
      iface: null,
    });
    expect(facts.tunnel).toBe('ppp0');
    expect(facts.interfaces[0]).toMatchObject({ linkType: 'ether', kind: 'veth' });
  });

  it("refuses a tcpdump dump and another step's output in one line", () => {
    expect(
      refusal(() =>
        interfacesFacts(readFixture('inputs/tcpdump-text.txt'), 'ip.txt', { iface: null }),
      ),
    ).toMatch(/^ip\.txt: not a recognised input: looks like a tcpdump text dump/);
    expect(
      refusal(() =>
        interfacesFacts(readFixture('inputs/ss-ltnp.pptpd.txt'), 'ip.txt', { iface: null }),
      ),
    ).toBe('ip.txt: this is ss -ltnp output, not ip -j addr show or ip addr show');
  });
});

describe('modules adapter: /proc/modules or lsmod, with or without header', () => {
  it('`lsmod | grep ppp`: the ppp modules are present; what the filter hid is undetermined, not missing', () => {
    const facts = modulesFacts(
      { procModules: readFixture('inputs/lsmod-grep-ppp.txt') },
      { procModules: 'lsmod.txt' },
    );
    expect(facts.present.map((p) => p.name)).toEqual(
      expect.arrayContaining(['ppp_generic', 'ppp_mppe', 'ppp_async']),
    );
    expect(facts.present.find((p) => p.name === 'ppp_mppe')).toMatchObject({
      how: 'loaded',
      line: 3,
    });
    expect(facts.undetermined).toEqual(['pptp', 'gre', 'nf_conntrack_pptp', 'nf_nat_pptp']);
  });

  it('even beside the kernel config, a filtered list proves no module unloaded (a complete list does)', () => {
    const config = readFixture('modules/uml-6.1-config.txt');
    const filtered = modulesFacts(
      { procModules: readFixture('inputs/lsmod-grep-ppp.txt'), kernelConfig: config },
      { procModules: 'l', kernelConfig: 'c' },
    );
    const complete = modulesFacts(
      { procModules: readFixture('lab/healthy/lsmod.txt'), kernelConfig: config },
      { procModules: 'l', kernelConfig: 'c' },
    );
    expect(filtered.undetermined?.length ?? 0).toBeGreaterThan(0);
    expect(complete.undetermined).toBeUndefined();
  });

  it('refuses text that is no module list', () => {
    expect(
      refusal(() =>
        modulesFacts(
          { procModules: readFixture('inputs/iptables-S.txt') },
          { procModules: 'm.txt' },
        ),
      ),
    ).toBe('m.txt: this is iptables -S output, not /proc/modules or lsmod');
  });
});

describe('latency adapter: several runs', () => {
  it('each run reported on its own; the main report is never a blend', () => {
    const facts = latencyFacts(readFixture('inputs/ping-several-runs.txt'), 'ping.txt');
    expect(
      facts.runs?.map((r) => [r.report.target, r.report.received, r.report.lossPercent, r.line]),
    ).toEqual([
      ['10.88.2.2', 5, 0, 1],
      ['10.88.2.99', 0, 100, 11],
      ['10.88.1.1', 5, 0, 16],
    ]);
    expect(facts.report).toMatchObject({ target: '10.88.1.1', received: 5, lossPercent: 0 });
    expect(facts.report.rtt?.avgMs).toBe(0.048);
    expect(latencyFacts(readFixture('ping/loopback-v4.txt'), 'p').runs).toBeUndefined();
  });

  it('DF probes through a black hole: the largest working size, cited at its run', () => {
    const probes = probesFromDfPingRuns(readFixture('inputs/ping-df-blackhole-runs.txt'), 'df.txt');
    expect(probes.map((p) => [p.payload, p.passed, p.reportedMtu])).toEqual([
      [1472, false, null],
      [1372, false, null],
      [1272, true, null],
      [1322, false, null],
      [1297, false, null],
    ]);
    const mtu = pathMtuFacts(probes, 'df.txt');
    expect(mtu).toMatchObject({
      largestPassingPacket: 1300,
      smallestFailingPacket: 1325,
      source: 'df.txt',
    });
    // Cited at the statistics line of the 1297 run (its "packets transmitted" line).
    expect(
      readFixture('inputs/ping-df-blackhole-runs.txt').split('\n')[(mtu.line ?? 0) - 1],
    ).toMatch(/^2 packets transmitted, 0 received/);
  });

  it('refuses what is no ping output', () => {
    expect(refusal(() => latencyFacts(readFixture('inputs/tcpdump-text.txt'), 'p.txt'))).toMatch(
      /^p\.txt: not a recognised input: looks like a tcpdump/,
    );
    expect(refusal(() => probesFromDfPingRuns(readFixture('lab/healthy/lsmod.txt'), 'p.txt'))).toBe(
      'p.txt: this is lsmod output, not ping output',
    );
  });
});

describe('firewall adapter: iptables-save, -S, -L -n -v, nft', () => {
  it('-S of the filter and raw tables together judge like iptables-save', () => {
    const save = firewallFacts(readFixture('inputs/iptables-save.txt'), 'save.txt').audit;
    const rules = firewallFactsFrom([
      { text: readFixture('inputs/iptables-S.txt'), file: 'S.txt' },
      { text: readFixture('inputs/iptables-t-raw-S.txt'), file: 'raw-S.txt' },
      { text: readFixture('inputs/iptables-t-nat-S.txt'), file: 'nat-S.txt' },
    ]);
    expect(rules.source).toBe('S.txt, raw-S.txt, nat-S.txt');
    const verdicts = (a: typeof save) => [
      a.controlPort.status,
      a.gre.status,
      a.gre.forwardStatus,
      a.helper.assigned,
      a.mssClamp,
      a.controlPort.shadowed?.length,
      a.gre.shadowed.length,
    ];
    expect(verdicts(rules.audit)).toEqual(verdicts(save));
    const listed = firewallFactsFrom([
      { text: readFixture('inputs/iptables-L-n-v.txt'), file: 'L.txt' },
      { text: readFixture('inputs/iptables-t-raw-L-n-v.txt'), file: 'raw-L.txt' },
    ]);
    expect(verdicts(listed.audit)).toEqual(verdicts(save));
    expect(
      verdicts(firewallFacts(readFixture('inputs/nft-ruleset-every-table.txt'), 'nft.txt').audit),
    ).toEqual(verdicts(save));
  });

  it('refuses a tcpdump dump and pppd options given as a ruleset', () => {
    expect(refusal(() => firewallFacts(readFixture('inputs/tcpdump-text.txt'), 'fw.txt'))).toMatch(
      /^fw\.txt: not a recognised input: looks like a tcpdump/,
    );
    expect(
      refusal(() => firewallFacts(readFixture('lab/healthy/options.pptpd'), 'fw.txt')),
    ).toMatch(/^fw\.txt: this is pppd options output, not iptables-save or iptables -S/);
  });
});

describe('pppd options adapter', () => {
  it('iptables -S (any table) and a tcpdump dump are refused, never read as options', () => {
    for (const f of ['inputs/iptables-S.txt', 'inputs/iptables-t-nat-S.txt']) {
      expect(refusal(() => pppOptionsFacts(readFixture(f), 'opt', '/etc/ppp/options.pptpd'))).toBe(
        'opt: this is iptables -S output, not pppd options or pptpd.conf',
      );
    }
    expect(
      refusal(() =>
        pppOptionsFacts(readFixture('inputs/tcpdump-text.txt'), 'opt', '/etc/ppp/options.pptpd'),
      ),
    ).toMatch(/tcpdump text dump/);
  });

  it('still reads real option files, including one of comments only', () => {
    expect(
      pppOptionsFacts(
        readFixture('pppoptions/debian12-pptpd-options'),
        'o',
        '/etc/ppp/pptpd-options',
      ).posture,
    ).toBeDefined();
    expect(pppOptionsFacts('# nothing set\n', 'o', '/etc/ppp/options').posture.mppeRequired).toBe(
      false,
    );
  });
});

describe('listeners and processes adapters', () => {
  it('ss: pptpd listens on 1723; nothing does when it is not running', () => {
    expect(listenersFacts(readFixture('inputs/ss-ltnp.pptpd.txt'), 'ss.txt')).toEqual({
      source: 'ss.txt',
      withProcesses: true,
      listeners: [{ address: '0.0.0.0', port: 1723, processes: ['pptpd'], line: 2 }],
      pptpControl: { address: '0.0.0.0', processes: ['pptpd'], line: 2 },
    });
    expect(listenersFacts(readFixture('inputs/ss-ltnp.none.txt'), 'ss.txt').pptpControl).toBeNull();
  });

  it('ps: the pptpd process, or none', () => {
    expect(processFacts(readFixture('inputs/ps-eo.pptpd.txt'), 'ps.txt')).toEqual({
      source: 'ps.txt',
      total: 3,
      pptp: [{ name: 'pptpd', pid: 3, ppid: 1, line: 3 }],
    });
    expect(processFacts(readFixture('inputs/ps-eo.none.txt'), 'ps.txt').pptp).toEqual([]);
  });

  it('refuse other outputs', () => {
    expect(refusal(() => listenersFacts(readFixture('inputs/ps-eo.pptpd.txt'), 'ss.txt'))).toBe(
      'ss.txt: this is ps -eo pid,ppid,comm output, not ss -ltnp',
    );
    expect(refusal(() => processFacts(readFixture('inputs/ss-ltnp.pptpd.txt'), 'ps.txt'))).toBe(
      'ps.txt: this is ss -ltnp output, not ps -eo pid,ppid,comm',
    );
    expect(refusal(() => processFacts('', 'ps.txt'))).toBe('ps.txt: ps printed nothing');
  });
});

describe('logs adapter: OpenWrt logread and refusals', () => {
  it('an OpenWrt logread file is a syslog input and yields its session', () => {
    const text = readFixture('inputs/openwrt-logread.lede-4712.log');
    expect(logInputKind(text, 'logread.txt')).toBe('syslog');
    const facts = logsFacts([{ file: 'logread.txt', text, kind: 'syslog' }], { year: 2026 });
    expect(facts.events.map((e) => e.kind)).toEqual(['terminate']);
    expect(facts.events[0]).toMatchObject({ line: 6, at: '2020-06-01T10:51:02.000Z' });
  });

  it('every lab log form keeps its kind; a tcpdump dump or a binary file is refused', () => {
    expect(logInputKind(readFixture('logs/journal-healthy-pppd.jsonl'), 'j')).toBe('journal-json');
    expect(logInputKind(readFixture('lab/healthy/syslog.txt'), 's')).toBe('syslog');
    expect(logInputKind(readFixture('lab/healthy/server-pppd.log'), 'p')).toBe('pppd-logfile');
    expect(refusal(() => logInputKind(readFixture('inputs/tcpdump-text.txt'), 'log.txt'))).toMatch(
      /^log\.txt: not a recognised input: looks like a tcpdump text dump/,
    );
    expect(
      refusal(() =>
        logInputKind(
          readFileSync(fixturePath('lab/healthy/capture.pcap')).toString('utf8'),
          'log.txt',
        ),
      ),
    ).toMatch(/packet capture/);
    expect(refusal(() => logInputKind(readFixture('inputs/iptables-S.txt'), 'log.txt'))).toMatch(
      /this is iptables -S output, not a log/,
    );
  });
});

describe('modules adapter: the companion inputs are recognised too', () => {
  it('refuses a kernel config, modules.builtin or sysctl input that is something else', () => {
    const proc = { procModules: readFixture('lab/healthy/proc-modules.txt') };
    expect(
      refusal(() =>
        modulesFacts(
          { ...proc, kernelConfig: readFixture('lab/healthy/lsmod.txt') },
          { procModules: 'm', kernelConfig: 'config' },
        ),
      ),
    ).toBe('config: this is lsmod output, not kernel config (/proc/config.gz or /boot/config-*)');
    expect(
      refusal(() =>
        modulesFacts(
          { ...proc, builtin: readFixture('inputs/tcpdump-text.txt') },
          { procModules: 'm', builtin: 'b' },
        ),
      ),
    ).toMatch(/^b: not a recognised input: looks like a tcpdump/);
    expect(
      refusal(() =>
        modulesFacts(
          { ...proc, sysctls: readFixture('inputs/ps-eo.pptpd.txt') },
          { procModules: 'm', sysctls: 's' },
        ),
      ),
    ).toBe('s: this is ps -eo pid,ppid,comm output, not sysctl output');
  });

  it('accepts the real ones (and a bare /proc/sys value)', () => {
    const facts = modulesFacts(
      {
        procModules: readFixture('lab/healthy/proc-modules.txt'),
        kernelConfig: readFixture('modules/uml-6.1-config.txt'),
        builtin: readFixture('modules/uml-6.1-modules.builtin'),
        sysctls: readFixture('modules/host-sysctl-other.txt'),
      },
      { procModules: 'm', kernelConfig: 'c', builtin: 'b', sysctls: 's' },
    );
    expect(facts.gateway).toMatchObject({ isGateway: false });
    expect(
      modulesFacts(
        { procModules: readFixture('lab/healthy/proc-modules.txt'), sysctls: '1\n' },
        { procModules: 'm', sysctls: 's' },
      ).conntrackHelperSysctl,
    ).toMatchObject({ value: 1 });
  });
});
