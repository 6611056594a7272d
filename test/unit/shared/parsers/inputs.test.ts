import { describe, expect, it } from 'vitest';
import { isPppLink, parseIpAddrJson, parseIpAddrText } from '../../../../shared/parsers/ipAddr';
import { parseIptablesRules } from '../../../../shared/parsers/iptablesRules';
import { parseSyslog } from '../../../../shared/parsers/logLines';
import { classifyPppLine } from '../../../../shared/parsers/pppLog';
import { parsePing, parsePingRuns, splitPingRuns } from '../../../../shared/parsers/ping';
import { isFilteredModuleList, parseLoadedModules } from '../../../../shared/parsers/procModules';
import { parsePsList } from '../../../../shared/parsers/psList';
import { parseSsListeners } from '../../../../shared/parsers/ssListeners';
import { buildSessions, logsReport } from '../../../../shared/analysis/logsSessions';
import { modulesFacts } from '../../../../shared/audit/facts';
import { readFixture } from './readFixture';

describe('ip addr: JSON and text give the same model; the kernel says what a link is', () => {
  it('ip addr text of the lab parses to what ip -j -d addr says (kind aside: text without -d has none)', () => {
    for (const ns of ['client', 'server']) {
      const json = parseIpAddrJson(readFixture(`lab/healthy/${ns}-ip-addr-up.json`));
      const text = parseIpAddrText(readFixture(`lab/healthy/${ns}-ip-addr-up.txt`));
      const strip = (l: typeof json) => l.map(({ kind: _kind, link: _link, ...rest }) => rest);
      expect(strip(text)).toEqual(strip(json));
      expect(text.every((i) => i.kind === null)).toBe(true);
    }
  });

  it('a veth named ppp0: link type ether, kind veth, BROADCAST: not a PPP link', () => {
    const [json] = parseIpAddrJson(readFixture('inputs/ip-j-d-addr.veth-ppp0.json'));
    expect(json).toMatchObject({ name: 'ppp0', linkType: 'ether', kind: 'veth', isTunnel: true });
    expect(json?.flags).not.toContain('POINTOPOINT');
    expect(isPppLink(json!)).toBe(false);
    const [text] = parseIpAddrText(readFixture('inputs/ip-addr.veth-ppp0.txt'));
    expect(text).toMatchObject({
      name: 'ppp0',
      linkType: 'ether',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 1500,
    });
    expect(isPppLink(text!)).toBe(false);
  });

  it('ip -d addr text names the kind, as the JSON does', () => {
    const [veth] = parseIpAddrText(readFixture('inputs/ip-d-addr.veth-ppp0.txt'));
    expect(veth).toMatchObject({ name: 'ppp0', linkType: 'ether', kind: 'veth' });
    expect(veth?.addresses.map((a) => a.local)).toEqual(['10.88.1.2', 'fe80::ac1c:59ff:feb4:df74']);
  });

  it('a real PPP link: link type ppp, kind ppp, POINTOPOINT, with its peer', () => {
    const [ppp] = parseIpAddrJson(readFixture('lab/healthy/client-ip-addr-up.json'));
    expect(ppp).toMatchObject({ name: 'ppp0', linkType: 'ppp', kind: 'ppp' });
    expect(ppp?.flags).toContain('POINTOPOINT');
    expect(isPppLink(ppp!)).toBe(true);
    const [text] = parseIpAddrText(readFixture('lab/healthy/client-ip-addr-up.txt'));
    expect(isPppLink(text!)).toBe(true);
    expect(text?.addresses[0]).toMatchObject({
      local: '192.168.47.10',
      peer: '192.168.47.1',
      prefixlen: 32,
    });
  });
});

describe('ping: several runs in one file, each on its own', () => {
  it('three appended runs keep their own counts and RTTs (the unreachable one has none)', () => {
    const runs = parsePingRuns(readFixture('inputs/ping-several-runs.txt'));
    expect(
      runs.map((r) => [
        r.target,
        r.summary?.transmitted,
        r.summary?.received,
        r.summary?.rtt?.avgMs ?? null,
      ]),
    ).toEqual([
      ['10.88.2.2', 5, 5, 0.071],
      ['10.88.2.99', 5, 0, null],
      ['10.88.1.1', 5, 5, 0.048],
    ]);
    // What the single-run parser made of it: one summary, the last run's, beside 15 replies.
    const merged = parsePing(readFixture('inputs/ping-several-runs.txt'));
    expect(merged.events.length).toBe(10);
  });

  it('each run knows the line it starts on', () => {
    const slices = splitPingRuns(readFixture('inputs/ping-several-runs.txt'));
    expect(slices.map((s) => s.startLine)).toEqual([1, 11, 16]);
    expect(splitPingRuns(readFixture('ping/loopback-v4.txt'))).toHaveLength(1);
  });

  it('black-hole DF probes: the lost sizes show 100 % loss and no error line', () => {
    const runs = parsePingRuns(readFixture('inputs/ping-df-blackhole-runs.txt'));
    expect(runs.map((r) => [r.payloadBytes, r.summary?.received])).toEqual([
      [1472, 0],
      [1372, 0],
      [1272, 2],
      [1322, 0],
      [1297, 0],
    ]);
    expect(runs.every((r) => r.events.every((e) => e.kind === 'reply'))).toBe(true);
  });
});

describe('modules: lsmod with or without its header', () => {
  it('`lsmod | grep ppp` (no header) lists the ppp modules as loaded, and is known to be filtered', () => {
    const text = readFixture('inputs/lsmod-grep-ppp.txt');
    const parsed = parseLoadedModules(text);
    expect(parsed.format).toBe('lsmod');
    expect(parsed.unparsed).toEqual([]);
    expect(parsed.modules.map((m) => m.name)).toEqual([
      'pppox',
      'ppp_deflate',
      'ppp_mppe',
      'libarc4',
      'ppp_synctty',
      'ppp_async',
      'crc_ccitt',
      'ppp_generic',
      'slhc',
    ]);
    expect(isFilteredModuleList(text)).toBe(true);
    expect(isFilteredModuleList(readFixture('lab/healthy/lsmod.txt'))).toBe(false);
    expect(isFilteredModuleList(readFixture('lab/healthy/proc-modules.txt'))).toBe(false);
  });

  it('facts: loaded where listed; absent from a filtered list is undetermined, not missing', () => {
    const facts = modulesFacts({ procModules: readFixture('inputs/lsmod-grep-ppp.txt') }, { procModules: 'lsmod-grep-ppp.txt' });
    expect(facts.present.map((m) => m.name)).toEqual(expect.arrayContaining(['ppp_generic', 'ppp_mppe', 'ppp_async']));
    expect(facts.undetermined).toEqual(expect.arrayContaining(['pptp', 'gre', 'nf_conntrack_pptp']));
  });
});
