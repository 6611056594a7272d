import { describe, expect, it } from 'vitest';
import {
  CAPTURE_MAX_BYTES,
  LOG_FILES,
  OP_NAMES,
  parseOpRequest,
  PPP_OPTION_FILES,
  SYSCTL_KEYS,
} from '../../../../shared/ops/catalogue';

const ping = { op: 'ping.run', target: '127.0.0.1', count: 5, intervalS: 0.2, size: 56, dontFragment: false, deadlineS: 10 };
const capture = { op: 'capture.start', iface: 'eth0', durationS: 60, maxBytes: 1024 * 1024, dir: '/home/auditor/audits/site 1' };

function refused(input: unknown): string {
  const r = parseOpRequest(input);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(input)}`);
  return r.error;
}

describe('operation catalogue', () => {
  it('names every operation once', () => {
    expect(new Set(OP_NAMES).size).toBe(OP_NAMES.length);
    expect(OP_NAMES).toContain('ppp.chapSecrets');
    expect(OP_NAMES).not.toContain('exec');
  });

  it('accepts a valid request of each operation', () => {
    const valid: unknown[] = [
      { op: 'ip.addr' },
      { op: 'ip.route.get', address: '10.0.0.1' },
      { op: 'ip.route.get', address: 'fe80::1' },
      { op: 'ip.link.stats' },
      { op: 'ip.link.stats', iface: 'ppp0' },
      { op: 'modules.list' },
      { op: 'modules.builtin' },
      { op: 'kernel.config' },
      ...SYSCTL_KEYS.map((key) => ({ op: 'sysctl.read', key })),
      capture,
      { op: 'capture.stop', captureId: '0123456789abcdef01234567' },
      { op: 'logs.journal', unit: 'pptpd' },
      { op: 'logs.journal', identifier: 'pppd', lines: 100, since: '2026-11-24T08:00:00Z' },
      ...LOG_FILES.map((path) => ({ op: 'logs.file', path })),
      ping,
      { ...ping, target: '::1', dontFragment: true, iface: 'ppp0' },
      { op: 'firewall.iptables' },
      { op: 'firewall.iptables', family: 'ipv6' },
      { op: 'firewall.iptablesLegacy' },
      { op: 'firewall.iptablesLegacy', family: 'ipv6' },
      { op: 'firewall.nft', json: true },
      { op: 'ppp.chapSecrets' },
      ...PPP_OPTION_FILES.map((path) => ({ op: 'ppp.options', path })),
      { op: 'sensors.read' },
    ];
    for (const v of valid) expect(parseOpRequest(v), JSON.stringify(v)).toMatchObject({ ok: true });
  });

  it('refuses unknown operations and lists the allowed ones', () => {
    expect(refused({ op: 'exec', argv: ['sh'] })).toMatch(/^unknown operation \(allowed: ip\.addr, /);
    expect(refused({})).toMatch(/unknown operation/);
    expect(refused(null)).toBe('request must be an object { op, ...arguments }');
    expect(refused(['ip.addr'])).toBe('request must be an object { op, ...arguments }');
  });

  it('refuses extra arguments by name', () => {
    expect(refused({ op: 'ip.addr', argv: ['flush'] })).toBe('unexpected argument(s): "argv"');
    expect(refused({ ...capture, filter: 'tcp' })).toBe('unexpected argument(s): "filter"');
  });

  it('takes only IP literals as ping and route targets', () => {
    for (const target of ['localhost', '127.1', '127.0.0.1;id', '-c 1', '::1%lo', '1.2.3.4 ', '']) {
      expect(refused({ ...ping, target })).toBe('target: expected an IPv4 or IPv6 address literal');
    }
    expect(refused({ op: 'ip.route.get', address: '$(id)' })).toMatch(/^address: /);
  });

  it('bounds ping count, interval, size and deadline', () => {
    expect(refused({ ...ping, count: 0 })).toBe('count: count must be at least 1');
    expect(refused({ ...ping, count: 10_001 })).toBe('count: count must be at most 10000');
    expect(refused({ ...ping, count: 2.5 })).toBe('count: count must be an integer');
    expect(refused({ ...ping, intervalS: 0.19 })).toBe('intervalS: intervalS must be at least 0.2');
    expect(refused({ ...ping, size: 65_508 })).toBe('size: size must be at most 65507');
    expect(refused({ ...ping, deadlineS: 0 })).toBe('deadlineS: deadlineS must be at least 1');
    expect(refused({ ...ping, count: '5' })).toBe('count: count must be a number');
    expect(refused({ ...ping, dontFragment: 'yes' })).toBe('dontFragment: dontFragment must be true or false');
  });

  it('checks interface names, refusing a leading dash', () => {
    expect(refused({ ...capture, iface: '-w' })).toMatch(/^iface: invalid interface name/);
    expect(refused({ ...capture, iface: 'eth0;id' })).toMatch(/^iface: invalid interface name/);
    expect(refused({ ...capture, iface: '..' })).toMatch(/^iface: invalid interface name/);
    expect(refused({ ...capture, iface: 'a'.repeat(16) })).toMatch(/^iface: invalid interface name/);
  });

  it('checks the capture directory, duration and size', () => {
    for (const dir of ['relative/dir', '/tmp/../etc', '/tmp/./x', '/tmp/a;b', '/tmp/$(id)', '/tmp/a\nb', '', '/tmp/a\u0000']) {
      expect(refused({ ...capture, dir })).toMatch(/^dir: invalid capture directory/);
    }
    // A Windows laptop's audit folder (the remote runner streams the capture there): drive-absolute only.
    for (const dir of ['C:\\Users\\aud\\audits\\gw-3\\captures', 'd:\\pa audits\\x']) expect(parseOpRequest({ ...capture, dir }).ok, dir).toBe(true);
    for (const dir of ['C:\\Users\\..\\Windows', 'C:\\a\\.\\b', 'C:relative', 'C:/Users/aud', '\\\\server\\share\\x', 'C:\\a;b', 'CC:\\x', 'C:\\a/../b']) {
      expect(refused({ ...capture, dir }), dir).toMatch(/^dir: invalid capture directory/);
    }
    expect(refused({ ...capture, durationS: 3601 })).toBe('durationS: durationS must be at most 3600');
    expect(refused({ ...capture, maxBytes: CAPTURE_MAX_BYTES + 1 })).toMatch(/^maxBytes: maxBytes must be at most/);
    expect(refused({ op: 'capture.stop', captureId: '../../etc' })).toBe('captureId: invalid capture id');
  });

  it('reads only listed files and sysctl keys', () => {
    expect(refused({ op: 'logs.file', path: '/etc/shadow' })).toMatch(/^path: path must be one of \/var\/log\/syslog/);
    expect(refused({ op: 'logs.file', path: '/var/log/../../etc/shadow' })).toMatch(/^path: /);
    expect(refused({ op: 'ppp.options', path: '/etc/ppp/chap-secrets' })).toMatch(/^path: /);
    expect(refused({ op: 'sysctl.read', key: 'kernel.core_pattern' })).toBe('key: unknown sysctl key (only the audit set may be read)');
  });

  it('asks logs.journal for exactly one of unit and identifier', () => {
    expect(refused({ op: 'logs.journal' })).toBe('logs.journal needs exactly one of unit or identifier');
    expect(refused({ op: 'logs.journal', unit: 'pptpd', identifier: 'pppd' })).toBe('logs.journal needs exactly one of unit or identifier');
    expect(refused({ op: 'logs.journal', unit: 'ssh' })).toBe('unit: unknown unit (allowed: pptpd)');
    expect(refused({ op: 'logs.journal', unit: 'pptpd', since: 'yesterday; id' })).toMatch(/^since: /);
  });
});
