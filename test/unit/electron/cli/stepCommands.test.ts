import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Runs the BUILT CLI (dist/cli.cjs from `npm run build:node`) as the auditor would.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fx = (p: string) => `${root}test/fixtures/${p}`;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [`${root}dist/cli.cjs`, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function json(...args: string[]) {
  const r = cli(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:node'], { cwd: root, stdio: 'pipe' });
}, 180_000);

describe('pptp-auditor modules', () => {
  it('--from lsmod + kernel config of the lab guest', () => {
    const out = json(
      'modules',
      '--from',
      fx('lab/healthy/lsmod.txt'),
      '--from',
      fx('modules/uml-6.1-config.txt'),
    );
    expect(out.verdict).toBe('pass');
    expect(out.inputs.map((i: { kind: string }) => i.kind)).toEqual(['loaded', 'config']);
    expect(out.report.modules.map((m: { state: string }) => m.state)).toEqual([
      'loaded',
      'loaded',
      'loaded',
      'loaded',
      'loaded',
      'available',
      'available',
    ]);
  });

  it('--from /proc/config.gz (gzip) counts built-in as present', () => {
    const out = json(
      'modules',
      '--from',
      fx('modules/host-6.18-proc-config.gz'),
      '--role',
      'gateway',
    );
    expect(out.report.kernelRelease).toBe('6.18.44');
    const nat = out.report.modules.find((m: { module: string }) => m.module === 'nf_nat_pptp');
    expect(nat).toMatchObject({ state: 'built-in', present: true });
    expect(out.verdict).toBe('fail');
  });

  it('prints a table with what a missing module breaks', () => {
    const r = cli('modules', '--from', fx('modules/host-6.18-proc-config.txt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ppp_mppe +missing/m);
    expect(r.stdout).toMatch(/MPPE required but not available in kernel/);
  });

  it('a missing file or a bad option is one line and exit 2', () => {
    const missing = cli('modules', '--from', '/nonexistent/lsmod.txt');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'pptp-auditor: cannot read "/nonexistent/lsmod.txt": no such file\n',
    );
    const dir = cli('modules', '--from', fx('modules'));
    expect(dir.code).toBe(2);
    expect(dir.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli('modules', '--role', 'router; reboot').code).toBe(2);
  });
});

describe('pptp-auditor logs', () => {
  it('--from the lab syslog: two sessions with MPPE 128 stateless', () => {
    const out = json('logs', '--from', fx('lab/healthy/syslog.txt'));
    expect(
      out.report.sessions.map((s: { role: string; mppe: { bits: number } }) => [
        s.role,
        s.mppe.bits,
      ]),
    ).toEqual([
      ['client', 128],
      ['server', 128],
    ]);
    expect(out.sources[0]).toMatchObject({ format: 'syslog-iso', unparsed: 0 });
  });

  it('several files: journal exports of pppd and pptpd together', () => {
    const out = json(
      'logs',
      '--from',
      fx('logs/journal-healthy-pppd.jsonl'),
      '--from',
      fx('logs/journal-healthy-pptpd.jsonl'),
    );
    expect(out.report.sessions).toHaveLength(2);
    expect(out.report.controlConnections[0]).toMatchObject({ client: '10.47.0.2', pppPids: [823] });
  });

  it('the same lines in two files are counted once', () => {
    const one = json('logs', '--from', fx('lab/healthy/syslog.txt'));
    const twice = json(
      'logs',
      '--from',
      fx('lab/healthy/syslog.txt'),
      '--from',
      fx('lab/healthy/syslog.txt'),
    );
    expect(twice.report.sessions).toHaveLength(one.report.sessions.length);
  });

  it('text output of a cleartext RFC 3164 log names the missing encryption', () => {
    const r = cli('logs', '--from', fx('logs/rfc3164-cleartext-syslog.log'), '--year', '2026');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NO MPPE \(cleartext\)/);
    expect(r.stdout).toMatch(/2 up without MPPE/);
  });

  it('refuses a bad --year with exit 2', () => {
    const r = cli('logs', '--from', fx('lab/healthy/syslog.txt'), '--year', '20x6');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pptp-auditor: invalid --year/);
  });
});

describe('pptp-auditor hardening', () => {
  it('--from an iptables-save where GRE is accepted after a catch-all REJECT, plus an options file', () => {
    const out = json(
      'hardening',
      '--from',
      fx('iptables/gre-after-reject.save.txt'),
      '--from',
      fx('pppoptions/weakened-pptpd-options'),
    );
    expect(out.firewalls[0].audit.gre.status).toBe('dropped');
    const ids = out.findings.map((f: { id: string }) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'pptp-control-open',
        'gre-accept-after-catch-all',
        'gre-blocked',
        'ppp-cleartext-allowed',
        'ppp-weak-mppe',
        'ppp-stateful-mppe',
      ]),
    );
  });

  it('--from nft + iptables -L listings + sensors', () => {
    const out = json(
      'hardening',
      '--from',
      fx('nft/hardened.nft.txt'),
      '--from',
      fx('iptables/hardened.list.txt'),
      '--from',
      fx('sensors/example-desktop-public.json'),
    );
    expect(out.inputs.map((i: { kind: string }) => i.kind)).toEqual([
      'nft',
      'iptables-list',
      'sensors',
    ]);
    expect(out.firewalls[0].audit.controlPort.status).toBe('allowlisted');
    expect(out.thermal.status).toBe('ok');
  });

  it('text output for the lab server files', () => {
    const r = cli(
      'hardening',
      '--from',
      fx('lab/healthy/options.pptpd'),
      '--from',
      fx('lab/healthy/pptpd.conf'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MPPE required 128-bit, stateless, auth mschap-v2/);
  });
});

describe('pptp-auditor ping / mtu: HOST validation and bounds', () => {
  const hostile = [
    '127.0.0.1; rm -rf /',
    '$(id)',
    '`id`',
    '-f',
    '--flood',
    'localhost',
    '::1%lo',
    '1.2.3.4.5',
    '0x7f000001',
    '127.0.0.1 -c 99999',
    '',
    ' 127.0.0.1',
    '127.1',
    '999.1.1.1',
    'a'.repeat(5000),
    '../../etc/passwd',
    '1.2.3.4\n-f',
  ];
  it.each(hostile.map((h) => [JSON.stringify(h.slice(0, 30)), h]))(
    'ping refuses %s',
    (_label, host) => {
      const r = cli('ping', '--', host);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^pptp-auditor: invalid HOST ".*": expected an IPv4 or IPv6 address literal/,
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    },
  );

  it.each(hostile.slice(0, 6).map((h) => [h]))('mtu refuses %s', (host) => {
    const r = cli('mtu', '--', host);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pptp-auditor: invalid HOST/);
  });

  it.each([
    [['-i', '0.1'], /interval must be from 0.2/],
    [['-s', '65508'], /size must be an integer from 0 to 65507/],
    [['-c', '10001'], /count must be an integer from 1 to 10000/],
    [['-c', '0'], /count must be/],
    [['-i', '1e9'], /invalid --interval/],
    [['-I', 'eth0;id'], /invalid interface name/],
  ] as const)('ping refuses %j', (args, message) => {
    const r = cli('ping', '127.0.0.1', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('ping needs HOST or --from, not both', () => {
    expect(cli('ping').code).toBe(2);
    expect(cli('ping', '127.0.0.1', '--from', fx('ping/loopback-v4.txt')).code).toBe(2);
  });
});

describe('pptp-auditor ping / mtu: live on loopback and from files', () => {
  it('ping 127.0.0.1 -c 5 (-i 0.2 -s 1400 by default) gives loss, RTT and jitter', () => {
    const out = json('ping', '127.0.0.1', '-c', '5');
    expect(out.report).toMatchObject({
      transmitted: 5,
      received: 5,
      lost: 0,
      payloadBytes: 1400,
      source: 'summary',
    });
    expect(out.report.jitterMs).toBeGreaterThanOrEqual(0);
    expect(out.evidence[0].argv).toEqual([
      'ping',
      '-n',
      '-c',
      '5',
      '-i',
      '0.2',
      '-s',
      '1400',
      '-w',
      '6',
      '127.0.0.1',
    ]);
  });

  it('ping ::1 over IPv6', () => {
    const out = json('ping', '::1', '-c', '3', '-s', '56');
    expect(out.run.family).toBe('inet6');
    expect(out.report.received).toBe(3);
  });

  it('ping --from a saved output with duplicates', () => {
    const out = json('ping', '--from', fx('ping/duplicates-tee.txt'));
    expect(out.report).toMatchObject({ duplicates: 5, received: 6 });
  });

  it('mtu 127.0.0.1 within a given range settles at the top', () => {
    const out = json('mtu', '127.0.0.1', '--max', '2000');
    expect(out.result).toMatchObject({
      largestPayload: 2000,
      pathMtu: 2028,
      exact: true,
      recommendedMtu: 1400,
    });
    expect(out.probes).toHaveLength(1);
  });

  it('mtu refuses --min above --max', () => {
    expect(cli('mtu', '127.0.0.1', '--min', '1500', '--max', '1400').code).toBe(2);
    expect(cli('mtu', '127.0.0.1', '--max', '70000').code).toBe(2);
  });
});
