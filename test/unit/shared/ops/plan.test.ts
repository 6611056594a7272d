import { describe, expect, it } from 'vitest';
import { parseOpRequest, type OpRequest } from '../../../../shared/ops/catalogue';
import { formatSeconds, journalSince, missingToolMessage, planArgv, planOperation } from '../../../../shared/ops/plan';

const ctx = { kernelRelease: '6.1.0-28-amd64' };
function argvOf(input: unknown): string[] {
  const r = parseOpRequest(input);
  if (!r.ok) throw new Error(r.error);
  return planArgv(planOperation(r.request, ctx));
}

describe('argv of each operation', () => {
  it('ip', () => {
    expect(argvOf({ op: 'ip.addr' })).toEqual(['ip', '-j', '-d', 'addr', 'show']);
    expect(argvOf({ op: 'ip.route.get', address: '192.0.2.7' })).toEqual(['ip', '-j', 'route', 'get', '192.0.2.7']);
    expect(argvOf({ op: 'ip.route.get', address: '2001:db8::1' })).toEqual(['ip', '-j', 'route', 'get', '2001:db8::1']);
    expect(argvOf({ op: 'ip.link.stats' })).toEqual(['ip', '-j', '-s', '-d', 'link', 'show']);
    expect(argvOf({ op: 'ip.link.stats', iface: 'ppp0' })).toEqual(['ip', '-j', '-s', '-d', 'link', 'show', 'dev', 'ppp0']);
  });

  it('file reads name fixed paths', () => {
    expect(argvOf({ op: 'modules.list' })).toEqual(['read', '/proc/modules']);
    expect(argvOf({ op: 'modules.builtin' })).toEqual(['read', '/lib/modules/6.1.0-28-amd64/modules.builtin']);
    expect(argvOf({ op: 'kernel.config' })).toEqual(['read', '/proc/config.gz']);
    const plan = planOperation({ op: 'kernel.config' }, ctx);
    expect(plan).toMatchObject({ kind: 'read', candidates: ['/proc/config.gz', '/boot/config-6.1.0-28-amd64'], gunzip: true });
    expect(argvOf({ op: 'sysctl.read', key: 'net.netfilter.nf_conntrack_helper' })).toEqual([
      'read',
      '/proc/sys/net/netfilter/nf_conntrack_helper',
    ]);
    expect(argvOf({ op: 'logs.file', path: '/var/log/messages' })).toEqual(['read', '/var/log/messages']);
    expect(planOperation({ op: 'logs.file', path: '/var/log/messages' }, ctx)).toMatchObject({ tail: true, maxBytes: 4 * 1024 * 1024 });
    expect(argvOf({ op: 'ppp.options', path: '/etc/pptpd.conf' })).toEqual(['read', '/etc/pptpd.conf']);
    expect(argvOf({ op: 'ppp.chapSecrets' })).toEqual(['read', '/etc/ppp/chap-secrets']);
  });

  it('refuses a strange kernel release instead of building a path from it', () => {
    expect(() => planOperation({ op: 'modules.builtin' }, { kernelRelease: '../../etc' })).toThrow(/unexpected kernel release/);
  });

  it('capture uses the fixed filter and writes to stdout for the helper to store', () => {
    expect(argvOf({ op: 'capture.start', iface: 'eth0', durationS: 10, maxBytes: 100_000, dir: '/tmp/a' })).toEqual([
      'timeout',
      '-s',
      'INT',
      '-k',
      '5',
      '20',
      'tcpdump',
      '-i',
      'eth0',
      '--immediate-mode',
      '-U',
      '-n',
      '-s',
      '0',
      '-w',
      '-',
      'tcp port 1723 or ip proto 47',
    ]);
    expect(planOperation({ op: 'capture.start', iface: 'eth0', durationS: 10, maxBytes: 100_000, dir: '/tmp/a' } as OpRequest, ctx)).toMatchObject({
      durationMs: 10_000,
      maxBytes: 100_000,
      dir: '/tmp/a',
    });
  });

  it('journal', () => {
    expect(argvOf({ op: 'logs.journal', unit: 'pptpd' })).toEqual(['journalctl', '-u', 'pptpd', '-o', 'json', '--no-pager', '-n', '5000']);
    expect(argvOf({ op: 'logs.journal', identifier: 'pppd', lines: 20, since: '2026-11-24T08:00:00.000Z' })).toEqual([
      'journalctl',
      '-t',
      'pppd',
      '-o',
      'json',
      '--no-pager',
      '-n',
      '20',
      '--since',
      '2026-11-24 08:00:00 UTC',
    ]);
    expect(journalSince('2026-01-02T03:04:05+02:00')).toBe('2026-01-02 01:04:05 UTC');
  });

  it('ping, v4 and v6, DF and interface', () => {
    const base = { op: 'ping.run', target: '10.1.2.3', count: 100, intervalS: 0.2, size: 1472, dontFragment: true, deadlineS: 60 };
    expect(argvOf(base)).toEqual(['ping', '-n', '-c', '100', '-i', '0.2', '-s', '1472', '-W', '2', '-M', 'do', '10.1.2.3']);
    expect(argvOf({ ...base, target: 'fd00::1', dontFragment: false, intervalS: 1, iface: 'ppp0' })).toEqual([
      'ping', '-6', '-n', '-c', '100', '-i', '1', '-s', '1472', '-W', '2', '-I', 'ppp0', 'fd00::1',
    ]);
    expect(planOperation(parseOpRequest(base).ok ? (base as OpRequest) : ({} as OpRequest), ctx)).toMatchObject({
      streamLines: true,
      timeoutMs: 70_000,
    });
    expect(formatSeconds(0.2)).toBe('0.2');
    expect(formatSeconds(1 / 3)).toBe('0.333');
    expect(formatSeconds(1e-7 + 0.2)).toBe('0.2');
  });

  it('firewall and sensors', () => {
    expect(argvOf({ op: 'firewall.iptables' })).toEqual(['iptables-save']);
    expect(argvOf({ op: 'firewall.iptables', family: 'ipv6' })).toEqual(['ip6tables-save']);
    expect(argvOf({ op: 'firewall.iptablesLegacy' })).toEqual(['iptables-legacy-save']);
    expect(argvOf({ op: 'firewall.iptablesLegacy', family: 'ipv6' })).toEqual(['ip6tables-legacy-save']);
    expect(argvOf({ op: 'firewall.nft' })).toEqual(['nft', 'list', 'ruleset']);
    expect(argvOf({ op: 'firewall.nft', json: true })).toEqual(['nft', '-j', 'list', 'ruleset']);
    expect(argvOf({ op: 'sensors.read' })).toEqual(['sensors', '-j']);
  });

  it('says which package brings a missing tool', () => {
    expect(missingToolMessage('tcpdump')).toBe('tcpdump is not installed (apt install tcpdump)');
    expect(missingToolMessage('sensors')).toBe('sensors is not installed (apt install lm-sensors)');
    expect(missingToolMessage('ip')).toBe('ip is not installed (apt install iproute2)');
  });
});
