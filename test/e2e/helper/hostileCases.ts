/**
 * Hostile operation requests for the helper. Every one of them must be refused by the
 * catalogue's validation (error "refused: ..."), never executed.
 */

/** Strings that would mean something to a shell, a path resolver, getopt or a resolver. */
export const HOSTILE_STRINGS: string[] = [
  '; id',
  '$(id)',
  '`id`',
  '| cat /etc/shadow',
  '&& reboot',
  '|| true',
  '\nid',
  'a\u0000b',
  '127.0.0.1;id',
  '127.0.0.1 && id',
  '127.0.0.1 -c 1',
  '-f',
  '--help',
  '-c100000',
  "'",
  '"',
  '\\',
  '*',
  '~root',
  '${IFS}id',
  '>/tmp/pwned',
  '<(id)',
  '%s%n%x',
  '../../etc/shadow',
  '/etc/shadow',
  '/var/log/../../etc/shadow',
  '/var/log/syslog/../../../etc/shadow',
  '/var/log/syslog\u0000.txt',
  '/proc/self/environ',
  'file:///etc/shadow',
  '127.0.0.1%lo',
  '::1%lo',
  '0x7f.1',
  '127.1',
  'localhost',
  'example.org',
  'lo; id',
  'eth0\n',
  '',
  ' ',
  'x'.repeat(5000),
  '\u202e\u0000',
  'ｌｏ',
];

/** Values of the wrong type for any field. */
export const WRONG_TYPES: unknown[] = [null, true, 1, -1, 1.5, [], {}, ['lo'], { $gt: '' }];

/** Every string-valued argument of every operation, with a valid base request to corrupt. */
const STRING_FIELDS: Array<{ base: Record<string, unknown>; field: string }> = [
  { base: { op: 'ip.route.get', address: '127.0.0.1' }, field: 'address' },
  { base: { op: 'ip.link.stats', iface: 'lo' }, field: 'iface' },
  { base: { op: 'sysctl.read', key: 'net.ipv4.ip_forward' }, field: 'key' },
  { base: { op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir: '/tmp' }, field: 'iface' },
  { base: { op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir: '/tmp' }, field: 'dir' },
  { base: { op: 'capture.stop', captureId: '0123456789abcdef' }, field: 'captureId' },
  { base: { op: 'logs.journal', unit: 'pptpd' }, field: 'unit' },
  { base: { op: 'logs.journal', identifier: 'pppd' }, field: 'identifier' },
  { base: { op: 'logs.journal', unit: 'pptpd', since: '2026-01-01T00:00:00Z' }, field: 'since' },
  { base: { op: 'logs.file', path: '/var/log/syslog' }, field: 'path' },
  { base: { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2 }, field: 'target' },
  { base: { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2, iface: 'lo' }, field: 'iface' },
  { base: { op: 'firewall.iptables', family: 'ipv4' }, field: 'family' },
  { base: { op: 'ppp.options', path: '/etc/ppp/pptpd-options' }, field: 'path' },
];

/** Numeric arguments and values outside their bounds (or not numbers at all). */
const NUMBER_FIELDS: Array<{ base: Record<string, unknown>; field: string; bad: unknown[] }> = [
  {
    base: { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2 },
    field: 'count',
    bad: [0, -1, 10_001, 1.5, 1e308, '5', null, true, [], {}],
  },
  {
    base: { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2 },
    field: 'intervalS',
    bad: [0, 0.19, 0.001, -1, 61, 1e9, '0.2', null],
  },
  {
    base: { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2 },
    field: 'size',
    bad: [-1, 65_508, 1e6, 0.5, '56', null],
  },
  {
    base: { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2 },
    field: 'deadlineS',
    bad: [0, -5, 36_001, 2.5, '2', null],
  },
  {
    base: { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2 },
    field: 'dontFragment',
    bad: [0, 1, 'true', 'yes', null, []],
  },
  {
    base: { op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir: '/tmp' },
    field: 'durationS',
    bad: [0, -1, 3601, 1.5, '10', null],
  },
  {
    base: { op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir: '/tmp' },
    field: 'maxBytes',
    bad: [0, 1, 65_535, 2 ** 31 + 1, 1e15, -65536, '65536', null],
  },
  { base: { op: 'logs.journal', unit: 'pptpd' }, field: 'lines', bad: [0, -1, 100_001, 1.5, '10'] },
  { base: { op: 'logs.file', path: '/var/log/syslog' }, field: 'maxBytes', bad: [0, 1023, 64 * 1024 * 1024 + 1, -1, '4096'] },
  { base: { op: 'firewall.nft' }, field: 'json', bad: [1, 'yes', null] },
];

/** Requests that are not operations at all. */
export const NOT_OPERATIONS: unknown[] = [
  null,
  'ip.addr',
  42,
  [],
  ['ip.addr'],
  {},
  { op: 42 },
  { op: null },
  { op: '' },
  { op: 'IP.ADDR' },
  { op: 'ip.addr ' },
  { op: ' ip.addr' },
  { op: 'ip.addr\u0000' },
  { op: 'shell', command: 'id' },
  { op: 'exec', argv: ['/bin/sh', '-c', 'id'] },
  { op: 'run', cmd: 'id' },
  { op: 'sh' },
  { op: 'bash -c id' },
  { op: 'ip' },
  { op: 'ip.addr;id' },
  { op: 'file.read', path: '/etc/shadow' },
  { op: 'file.write', path: '/etc/passwd', data: 'x' },
  { op: 'ppp.chapSecrets.raw' },
  { op: 'ppp.chapSecrets', path: '/etc/shadow' },
  { op: 'ppp.chapSecrets', raw: true },
  { op: '__proto__' },
  { op: 'constructor' },
  { op: 'toString' },
  { op: 'ip.addr', extra: 1 },
  { op: 'ip.addr', argv: ['-j', 'addr', 'flush', 'dev', 'lo'] },
  { op: 'ip.route.get', address: '127.0.0.1', argv: ['-c', 'id'] },
  { op: 'sysctl.write', key: 'net.ipv4.ip_forward', value: '1' },
  { op: 'sysctl.read', key: 'kernel.core_pattern' },
  { op: 'sysctl.read', key: 'net/ipv4/ip_forward' },
  { op: 'sysctl.read', key: 'net.ipv4.ip_forward/../../../etc/shadow' },
  { op: 'modules.load', name: 'nf_nat_pptp' },
  { op: 'logs.journal' },
  { op: 'logs.journal', unit: 'pptpd', identifier: 'pppd' },
  { op: 'logs.journal', unit: 'sshd' },
  { op: 'logs.journal', identifier: 'sudo' },
  { op: 'logs.file', path: '/var/log/auth.log' },
  { op: 'logs.file', path: '/etc/ppp/chap-secrets' },
  { op: 'ppp.options', path: '/etc/ppp/chap-secrets' },
  { op: 'ppp.options', path: '/etc/ppp/pap-secrets' },
  { op: 'ping.run', target: '127.0.0.1' },
  { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2, flood: true },
  { op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 56, dontFragment: false, deadlineS: 2, pattern: 'ff' },
  { op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir: '/tmp', filter: 'tcp' },
  { op: 'capture.start', iface: 'any', durationS: 1, maxBytes: 65536 },
  { op: 'capture.stop' },
  { op: 'firewall.iptables', family: 'arp' },
  { op: 'firewall.iptables', args: ['-F'] },
  { op: 'firewall.iptablesLegacy', family: 'arp' },
  { op: 'firewall.iptablesLegacy', args: ['-F'] },
  { op: 'firewall.nft', command: 'flush ruleset' },
  { op: 'sensors.read', args: ['-s'] },
];

function withField(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  return { ...base, [field]: value };
}

export function hostileRequests(): unknown[] {
  const out: unknown[] = [];
  for (const { base, field } of STRING_FIELDS) {
    for (const s of HOSTILE_STRINGS) out.push(withField(base, field, s));
    for (const t of WRONG_TYPES) out.push(withField(base, field, t));
  }
  for (const { base, field, bad } of NUMBER_FIELDS) {
    for (const v of bad) out.push(withField(base, field, v));
  }
  out.push(...NOT_OPERATIONS);
  return out;
}
