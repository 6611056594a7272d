import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Runs the BUILT CLI (dist/cli.cjs from `npm run build:node`) as the auditor would. Every
// per-step command goes through the step's plan or recognition, its adapter and the one
// findings engine: what it prints is what an audit with the same evidence concludes.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fx = (p: string) => `${root}test/fixtures/${p}`;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [`${root}dist/cli.cjs`, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function json(...args: string[]) {
  const r = cli(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as {
    // The printed JSON is read as the auditor's script would: loosely.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    facts: Record<string, any>;
    findings: Array<{ ruleId: string; severity: string; evidence: Array<{ file: string; line?: number }> }>;
    rules: Array<{ ruleId: string; status: string; detail: string }>;
    inputs: Array<{ file: string; kind: string }>;
  };
}
const oneLine = (r: { code: number | null; stderr: string }) => {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr;
};

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:node'], { cwd: root, stdio: 'pipe' });
}, 180_000);

describe('pptp-auditor interfaces --from (step 1)', () => {
  it('a veth named ppp0, no pppd/pptpd, nothing on 1723: a tunnel of unknown kind, never PPTP', () => {
    const out = json('interfaces', '--iface', 'ppp0', '--from', fx('inputs/ip-j-d-addr.veth-ppp0.json'), '--from', fx('inputs/ps-eo.none.txt'), '--from', fx('inputs/ss-ltnp.none.txt'));
    expect(out.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['tunnel-kind-unknown:info']);
  });

  it('pptpd listening on 1723 is evidence of PPTP, cited by its ss line', () => {
    const out = json('interfaces', '--from', fx('inputs/ip-j-d-addr.veth-ppp0.json'), '--from', fx('inputs/ss-ltnp.pptpd.txt'));
    const pptp = out.findings.find((f) => f.ruleId === 'pptp-in-use');
    expect(pptp?.severity).toBe('critical');
    expect(pptp?.evidence[0]?.file).toMatch(/ss-ltnp\.pptpd\.txt$/);
  });
});

describe('pptp-auditor modules', () => {
  it('--from lsmod + kernel config of the lab guest: every module present, none missing', () => {
    const out = json('modules', '--from', fx('lab/healthy/lsmod.txt'), '--from', fx('modules/uml-6.1-config.txt'));
    expect(out.inputs.map((i) => i.kind)).toEqual(['lsmod', 'kernel config (/proc/config.gz or /boot/config-*)']);
    expect(out.facts.modules.present.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['ppp_generic', 'ppp_mppe', 'pptp']));
    expect(out.rules.find((r) => r.ruleId === 'missing-modules')?.status).toBe('clear');
  });

  it('--from `lsmod | grep ppp` (no header): what the filter hides is undetermined, never missing', () => {
    const out = json('modules', '--from', fx('inputs/lsmod-grep-ppp.txt'));
    expect(out.facts.modules.undetermined).toEqual(expect.arrayContaining(['pptp', 'gre']));
    expect(out.findings.map((f) => f.ruleId)).not.toContain('missing-modules');
  });

  it('--from /proc/config.gz (gzip) of a kernel without module support gives a definitive answer', () => {
    const out = json('modules', '--from', fx('modules/host-6.18-proc-config.gz'), '--role', 'gateway');
    expect(out.facts.modules.present.map((m: { name: string }) => m.name)).toContain('nf_nat_pptp');
  });

  it('refuses a file of another step, and a missing file, in one line', () => {
    expect(oneLine(cli('modules', '--from', fx('ping/loopback-v4.txt')))).toMatch(/ping output, an input of another step/);
    expect(oneLine(cli('modules', '--from', fx('does-not-exist.txt')))).toMatch(/cannot be read \(ENOENT\)/);
    expect(oneLine(cli('modules', '--role', 'router'))).toMatch(/--role/);
  });
});

describe('pptp-auditor hardening', () => {
  it('--from iptables -S is read as a firewall, never as pppd options', () => {
    const out = json('hardening', '--from', fx('inputs/iptables-S.txt'));
    expect(out.inputs[0]?.kind).toBe('iptables -S');
    expect(out.facts.firewall).toBeDefined();
    expect(out.facts.pppOptions).toBeUndefined();
    expect(out.findings.map((f) => f.ruleId).filter((id) => id.startsWith('ppp-') || id === 'mppe-not-required')).toEqual([]);
  });

  it('refuses a tcpdump text dump, saying what it looks like, and an empty file (no way to know what it was)', () => {
    expect(oneLine(cli('hardening', '--from', fx('inputs/tcpdump-text.txt')))).toMatch(/tcpdump text dump/);
    expect(oneLine(cli('hardening', '--from', fx('lab/cleartext/server-iptables-save.txt')))).toMatch(/empty file/);
  });

  it('--from the lab server: options and firewall judged by the same rules as the audit', () => {
    const out = json('hardening', '--from', fx('lab/cleartext/options.pptpd'), '--from', fx('inputs/iptables-save.txt'));
    expect(out.findings.map((f) => f.ruleId)).toContain('mppe-not-required');
    // Exposure of 1723 needs a listener: not in these files, so not evaluated.
    expect(out.rules.find((r) => r.ruleId === 'tcp1723-unrestricted')?.status).toBe('not-evaluated');
  });
});

describe('pptp-auditor logs', () => {
  it('--from the lab syslog: MPPE 128 stateless, PPTP evidenced by the log lines', () => {
    const out = json('logs', '--from', fx('lab/healthy/syslog.txt'));
    expect(out.facts.logs.events.some((e: { kind: string; bits?: number }) => e.kind === 'mppe-enabled' && e.bits === 128)).toBe(true);
    expect(out.findings.find((f) => f.ruleId === 'pptp-in-use')?.evidence[0]?.line).toBeGreaterThan(0);
  });

  it('--from OpenWrt logread is recognised and read', () => {
    const out = json('logs', '--from', fx('inputs/openwrt-logread.openwrt-24654.log'));
    expect(out.inputs[0]?.kind).toBe('OpenWrt logread');
    expect(out.facts.logs.events.length).toBeGreaterThan(0);
  });

  it('text output names the files and the findings, with file and line', () => {
    const r = cli('logs', '--from', fx('lab/cleartext/syslog.txt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^step 5: Audit compression and encryption from logs/);
    expect(r.stdout).toMatch(/\[critical\] PPTP is in use/);
    expect(r.stdout).toMatch(/evidence: .*syslog\.txt:\d+/);
  });
});

describe('pptp-auditor ping / mtu', () => {
  it('ping 127.0.0.1 -c 5 sends exactly 5 echoes of 1400 bytes at 0.2 s', () => {
    const out = json('ping', '127.0.0.1', '-c', '5');
    expect(out.facts.latency.report).toMatchObject({ transmitted: 5, received: 5, payloadBytes: 1400 });
    expect(out.inputs[0]?.file).toBe('ping -n -c 5 -i 0.2 -s 1400 -W 2 127.0.0.1');
  });

  it('ping --from a file of several runs reports each run', () => {
    const out = json('ping', '--from', fx('inputs/ping-several-runs.txt'));
    expect(out.facts.latency.runs.length).toBeGreaterThan(1);
  });

  it('mtu 127.0.0.1 --iface lo settles at the top of the range', () => {
    const out = json('mtu', '127.0.0.1', '--iface', 'lo');
    expect(out.facts.pathMtu.largestPassingPacket).toBe(1500);
  });

  it('bad HOST, missing --iface, HOST and --from together: one line, exit 2', () => {
    expect(oneLine(cli('ping', '127.0.0.1;reboot'))).toMatch(/HOST/);
    expect(oneLine(cli('ping', 'example.org'))).toMatch(/HOST/);
    expect(oneLine(cli('ping', '127.0.0.1', '-c', '99999'))).toMatch(/--count/);
    expect(oneLine(cli('mtu', '127.0.0.1'))).toMatch(/--iface is required/);
    expect(oneLine(cli('ping', '127.0.0.1', '--from', fx('ping/loopback-v4.txt')))).toMatch(/either HOST or --from/);
  });
});
