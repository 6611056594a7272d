import { describe, expect, it } from 'vitest';
import { createCancelSource } from '../../../../shared/ops/runner';
import { runOperation } from '../../../../electron/ops/run';

const isRoot = process.getuid?.() === 0;

// Real runs of the tools on this machine (ping only to loopback).
describe('runOperation on this machine', () => {
  it('ip -j -d addr show gives JSON with lo', async () => {
    const r = await runOperation({ op: 'ip.addr' });
    expect(r).toMatchObject({ op: 'ip.addr', exitCode: 0, signal: null, truncated: false, executable: expect.stringMatching(/\/ip$/) });
    expect(r.error).toBeUndefined();
    const links = JSON.parse(r.stdout) as Array<{ ifname: string }>;
    expect(links.map((l) => l.ifname)).toContain('lo');
    expect(r.outputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(r.endedAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
  });

  it('ip route get 127.0.0.1 answers "local"', async () => {
    const r = await runOperation({ op: 'ip.route.get', address: '127.0.0.1' });
    expect(JSON.parse(r.stdout)).toMatchObject([{ type: 'local', dst: '127.0.0.1', dev: 'lo' }]);
  });

  it('ping 127.0.0.1 streams its lines as they come', async () => {
    const lines: string[] = [];
    const r = await runOperation(
      { op: 'ping.run', target: '127.0.0.1', count: 3, intervalS: 0.2, size: 56, dontFragment: true, deadlineS: 5 },
      { onLine: (l) => lines.push(l.line) },
    );
    expect(r.exitCode).toBe(0);
    expect(r.argv).toEqual(['ping', '-n', '-c', '3', '-i', '0.2', '-s', '56', '-W', '2', '-M', 'do', '127.0.0.1']);
    expect(lines.filter((l) => /bytes from 127\.0\.0\.1/.test(l))).toHaveLength(3);
    expect(lines.join('\n')).toContain('3 packets transmitted, 3 received');
    expect(r.stdout.trimEnd().split('\n')).toEqual(lines);
  });

  it("a ping bound to a missing interface fails with ping's own words", async () => {
    const r = await runOperation({ op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 0.2, size: 56, dontFragment: true, deadlineS: 2, iface: 'pa-ops-none' });
    expect(r.exitCode).toBe(2);
    expect(r.error).toMatch(/^ping exited with status 2: ping: .*pa-ops-none/);
  });

  it('a cancelled ping stops early with its statistics', async () => {
    const cancel = createCancelSource();
    const started = Date.now();
    setTimeout(() => cancel.cancel(), 700);
    const r = await runOperation(
      { op: 'ping.run', target: '::1', count: 100, intervalS: 0.2, size: 16, dontFragment: false, deadlineS: 60 },
      { cancel: cancel.token },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.stdout).toMatch(/packets transmitted/);
    expect(r.error).toBe('ping was stopped on request');
  });

  it.skipIf(!isRoot)('iptables-save, ip6tables-save, their -legacy- variants and nft list ruleset run', async () => {
    const requests = [
      { op: 'firewall.iptables' },
      { op: 'firewall.iptables', family: 'ipv6' },
      { op: 'firewall.iptablesLegacy' },
      { op: 'firewall.iptablesLegacy', family: 'ipv6' },
      { op: 'firewall.nft' },
    ] as const;
    for (const req of requests) {
      const r = await runOperation(req);
      expect(r.error, req.op).toBeUndefined();
      expect(r.exitCode).toBe(0);
    }
  });

  it('journalctl answers in JSON lines (or nothing) for pppd', async () => {
    const r = await runOperation({ op: 'logs.journal', identifier: 'pppd', lines: 5 });
    expect(r.argv).toEqual(['journalctl', '-t', 'pppd', '-o', 'json', '--no-pager', '-n', '5']);
    expect(r.error).toBeUndefined();
    for (const line of r.stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('reads a sysctl and the kernel config (gunzipped /proc/config.gz or /boot)', async () => {
    const s = await runOperation({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' });
    expect(s.stdout).toMatch(/^[01]\n$/);
    const k = await runOperation({ op: 'kernel.config' });
    if (k.error === undefined) expect(k.stdout).toMatch(/^CONFIG_/m);
    else expect(k.error).toMatch(/could not be read/);
  });

  it('reports a missing file as an error, not a crash', async () => {
    const r = await runOperation({ op: 'ppp.options', path: '/etc/pptpd.conf' });
    if (r.error !== undefined) expect(r.error).toMatch(/^\/etc\/pptpd\.conf (does not exist|is not a regular file)|permission denied/);
  });

  it('refuses an invalid request without running anything', async () => {
    const r = await runOperation({ op: 'ping.run', target: '127.0.0.1;reboot', count: 1, intervalS: 1, size: 1, dontFragment: false, deadlineS: 1 });
    expect(r).toMatchObject({ op: 'ping.run', argv: [], exitCode: null, error: 'refused: target: expected an IPv4 or IPv6 address literal' });
    expect((await runOperation('ip.addr')).error).toBe('refused: request must be an object { op, ...arguments }');
  });
});
