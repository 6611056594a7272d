import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recogniseInput, type InputKind } from '../../../../shared/parsers/recognise';
import { fixturePath, readFixture } from './readFixture';

// Every kind a step reads, each on real recorded output (test/fixtures/inputs/capture.sh, the
// UML lab, the earlier capture scripts); the file name is NOT passed, so content alone decides.
const ACCEPTED: Array<[string, InputKind]> = [
  ['inputs/ip-j-d-addr.veth-ppp0.json', 'ip-addr-json'],
  ['lab/healthy/client-ip-addr-up.json', 'ip-addr-json'],
  ['inputs/ip-addr.veth-ppp0.txt', 'ip-addr-text'],
  ['inputs/ip-d-addr.veth-ppp0.txt', 'ip-addr-text'],
  ['lab/healthy/client-ip-addr-up.txt', 'ip-addr-text'],
  ['throughput/proc-net-dev.host.txt', 'proc-net-dev'],
  ['lab/healthy/client-proc-net-dev-up.txt', 'proc-net-dev'],
  ['lab/healthy/proc-modules.txt', 'proc-modules'],
  ['lab/healthy/lsmod.txt', 'lsmod'],
  ['inputs/lsmod-grep-ppp.txt', 'lsmod'],
  ['modules/uml-6.1-modules.builtin', 'modules-builtin'],
  ['modules/host-6.18-proc-config.txt', 'kernel-config'],
  ['modules/uml-6.1-config.txt', 'kernel-config'],
  ['modules/host-sysctl-other.txt', 'sysctl'],
  ['modules/host-sysctl-helper.stderr.txt', 'sysctl'],
  ['lab/healthy/sysctl-nf_conntrack_helper.txt', 'sysctl'],
  ['ping/loopback-v4.txt', 'ping'],
  ['ping/loopback-v6-s1400.txt', 'ping'],
  ['inputs/ping-several-runs.txt', 'ping'],
  ['inputs/ping-df-blackhole-runs.txt', 'ping'],
  ['inputs/iptables-save.txt', 'iptables-save'],
  ['iptables/hardened.save.txt', 'iptables-save'],
  ['inputs/iptables-S.txt', 'iptables-rules'],
  ['inputs/iptables-t-nat-S.txt', 'iptables-rules'],
  ['inputs/iptables-t-raw-S.txt', 'iptables-rules'],
  ['inputs/iptables-L-n-v.txt', 'iptables-list'],
  ['inputs/iptables-L-n.txt', 'iptables-list'],
  ['inputs/iptables-t-raw-L-n-v.txt', 'iptables-list'],
  ['inputs/nft-ruleset-every-table.txt', 'nft-ruleset'],
  ['nft/hardened.nft.txt', 'nft-ruleset'],
  ['nft/hardened-handles.nft.txt', 'nft-ruleset'],
  ['inputs/ss-ltnp.pptpd.txt', 'ss-listeners'],
  ['inputs/ss-ltnp.none.txt', 'ss-listeners'],
  ['inputs/ps-eo.pptpd.txt', 'ps-list'],
  ['inputs/ps-eo.none.txt', 'ps-list'],
  ['lab/healthy/options.pptpd', 'pppd-options'],
  ['pppoptions/debian12-ppp-options', 'pppd-options'],
  ['pppoptions/debian12-options.pptp', 'pppd-options'],
  ['lab/healthy/peer-lab.options', 'pppd-options'],
  ['pppoptions/debian12-pptpd.conf', 'pptpd-conf'],
  ['lab/healthy/pptpd.conf', 'pptpd-conf'],
  ['sensors/example-desktop-public.json', 'sensors-json'],
  ['sensors/empty-vm.stdout.json', 'sensors-json'],
  ['logs/journal-healthy-pppd.jsonl', 'journal-json'],
  ['logs/rfc3164-cleartext-ppp.log', 'syslog'],
  ['lab/healthy/syslog.txt', 'syslog'],
  ['inputs/syslog-pppd-dns.xl2tpd-136.log', 'syslog'],
  ['inputs/openwrt-logread.lede-4712.log', 'openwrt-logread'],
  ['inputs/openwrt-logread.openwrt-24654.log', 'openwrt-logread'],
  ['lab/healthy/client-pppd.log', 'pppd-logfile'],
  ['lab/link-flap/server-pppd.log', 'pppd-logfile'],
];

describe('recogniseInput: every accepted kind, by content', () => {
  it.each(ACCEPTED)('%s is %s', (file, kind) => {
    const r = recogniseInput(readFixture(file));
    expect(r).toMatchObject({ ok: true, kind });
  });
});

describe('recogniseInput: refusals in one line', () => {
  const refused = (text: string, name?: string) => {
    const r = recogniseInput(text, name);
    if (r.ok) throw new Error(`accepted as ${r.kind}`);
    expect(r.message).not.toMatch(/\n/);
    return r;
  };

  it('a tcpdump text dump of a lab capture', () => {
    const r = refused(readFixture('inputs/tcpdump-text.txt'));
    expect(r.message).toMatch(/^not a recognised input: looks like a tcpdump text dump/);
  });

  it('iptables -S (every table) is never read as pppd options', () => {
    for (const f of [
      'inputs/iptables-S.txt',
      'inputs/iptables-t-nat-S.txt',
      'inputs/iptables-t-raw-S.txt',
    ]) {
      const r = recogniseInput(readFixture(f), 'options.pptpd');
      expect(r).toMatchObject({ ok: true, kind: 'iptables-rules' });
    }
  });

  it('a pcap given as text, whether decoded as UTF-8 or latin1', () => {
    const bytes = readFileSync(fixturePath('lab/healthy/capture.pcap'));
    expect(refused(bytes.toString('utf8')).looksLike).toMatch(/packet capture/);
    expect(refused(bytes.toString('latin1')).looksLike).toMatch(/packet capture/);
    const ng = readFileSync(fixturePath('wire/multi-interface.pcapng'));
    expect(refused(ng.toString('utf8')).looksLike).toMatch(/packet capture/);
  });

  it('binary input (a gzip file) and an empty file', () => {
    const gz = readFileSync(fixturePath('modules/host-6.18-proc-config.gz')).toString('utf8');
    expect(refused(gz).looksLike).toBe('binary data');
    expect(refused('').looksLike).toBe('an empty file');
    expect(refused(' \n\n').looksLike).toBe('an empty file');
  });

  it('other text: a kernel log, a script, a chap-secrets file, ss-less error output', () => {
    expect(refused(readFixture('lab/healthy/dmesg.txt')).looksLike).toMatch(/dmesg/);
    expect(refused(readFixture('inputs/capture.sh')).looksLike).toBe('a script');
    expect(refused(readFixture('lab/healthy/chap-secrets')).message).toMatch(
      /^not a recognised input \(first line: "# Secrets for authentication/,
    );
    expect(refused(readFixture('modules/host-lsmod.stderr.txt')).looksLike).toBe('unknown text');
    expect(refused(readFixture('evidence/golden-lo/manifest.json')).looksLike).toMatch(
      /JSON object/,
    );
  });

  it('the file name only breaks ties the content cannot settle', () => {
    // A bare "1" is a sysctl value only when the name says so.
    expect(recogniseInput('1\n', 'proc_sys_net_ipv4_ip_forward.txt')).toMatchObject({
      ok: true,
      kind: 'sysctl',
    });
    expect(recogniseInput('1\n', 'notes.txt').ok).toBe(false);
    // And it never overrides the content: a ping file named like a ruleset is still ping.
    expect(recogniseInput(readFixture('ping/loopback-v4.txt'), 'iptables-save.txt')).toMatchObject({
      ok: true,
      kind: 'ping',
    });
  });
});
