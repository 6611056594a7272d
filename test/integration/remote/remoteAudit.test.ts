import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../../lab/host/netns';
import { PLANTED_PPP_PASSWORD, PLANTED_SECRETS, startSshGateway, type SshGateway } from '../../support/sshd';
import { runCollect as run } from '../../support/runCollect';

const REPO = new URL('../../..', import.meta.url).pathname;
const CLI = path.join(REPO, 'dist/cli.cjs');

interface Summary {
  risk: string;
  stepsDone: string[];
  stepsNotDone: Array<{ step: string; why: string }>;
  findings: Array<{ ruleId: string; severity: string }>;
  notEvaluated: string[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * The same namespace audited twice through the built CLI: locally (the CLI entered into the
 * gateway's network and mount namespaces) and over SSH from this machine (--target). Same steps,
 * same findings; the remote bundle names the gateway and its host key and holds no secret.
 */
describe.skipIf(!isRoot())('pptp-auditor audit --target ssh:// against a real sshd', () => {
  let gw: SshGateway;
  let work: string;
  let remote: Summary;
  let local: Summary;
  const auditArgs = ['--iface', 'ppp0', '--carrier', 'ppp0', '--remote', '10.77.0.2', '--site', 'Remote site', '--duration', '5', '--ping-count', '10', '--link-speed', '100', '--no-pdf', '--json'];

  let iperfServer: ChildProcess | null = null;
  let iperfClient: ChildProcess | null = null;

  /** iperf3 from the gateway to `peer` over ppp0 (10 Mbit/s: light on shared cores), bounded by -t. */
  async function startTraffic(): Promise<void> {
    const before = gw.ns.readCounter('ppp0', 'tx_bytes');
    iperfClient = gw.ns.spawn(['iperf3', '-c', '10.77.0.2', '-t', '150', '-b', '10M', '-i', '0'], { stdio: 'ignore' });
    // Flowing before the audit starts: at least 256 KiB through ppp0 already.
    const deadline = Date.now() + 20_000;
    while (gw.ns.readCounter('ppp0', 'tx_bytes') - before < 256 * 1024) {
      if (iperfClient.exitCode !== null || Date.now() > deadline) throw new Error('iperf3 traffic over ppp0 did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function stopTraffic(): void {
    iperfClient?.kill('SIGKILL');
    iperfClient = null;
  }

  beforeAll(async () => {
    gw = await startSshGateway('pa-ra');
    work = mkdtempSync(path.join(gw.work, 'audits-'));
    iperfServer = gw.peer.spawn(['iperf3', '-s', '-B', '10.77.0.2'], { stdio: 'ignore' });
    const listening = Date.now() + 20_000;
    while (!gw.peer.exec(['ss', '-ltnH', 'sport = :5201']).includes('5201')) {
      if (iperfServer.exitCode !== null || Date.now() > listening) throw new Error('iperf3 server did not listen in peer');
      await new Promise((r) => setTimeout(r, 100));
    }
    const target = `ssh://root@${gw.host}:${gw.port}`;
    await startTraffic();
    const r = await run([process.execPath, CLI, 'audit', '--target', target, '--identity', gw.identityFile, '--known-hosts', gw.knownHostsFile, ...auditArgs, '--out', path.join(work, 'remote')]);
    stopTraffic();
    expect([0, 3], r.stderr).toContain(r.status);
    remote = JSON.parse(r.stdout) as Summary;
    await startTraffic();
    const l = await run(gw.nsenterArgv([process.execPath, CLI, 'audit', ...auditArgs, '--out', path.join(work, 'local')]));
    stopTraffic();
    expect([0, 3], l.stderr).toContain(l.status);
    local = JSON.parse(l.stdout) as Summary;
  }, 240_000);

  afterAll(() => {
    stopTraffic();
    iperfServer?.kill('SIGKILL');
    gw?.destroy();
  });

  it('both audits measured the iperf3 traffic on ppp0 (step 3 rates) and captured it (step 4)', () => {
    for (const which of ['remote', 'local']) {
      const facts = JSON.parse(readFileSync(path.join(work, which, 'facts.json'), 'utf8'));
      const tx = facts.throughput.stats.tx;
      expect(tx.avgBps, which).toBeGreaterThan(0);
      expect(tx.maxBps, which).toBeGreaterThan(0);
      // Several seconds at ~10 Mbit/s: far more than background chatter would move.
      expect(tx.totalBytes, which).toBeGreaterThan(1024 * 1024);
    }
  });

  it('gives the same findings and the same steps as the local audit of the same namespace', () => {
    const key = (s: Summary) => s.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
    expect(key(remote)).toEqual(key(local));
    expect(remote.stepsDone).toEqual(local.stepsDone);
    expect(remote.notEvaluated.sort()).toEqual(local.notEvaluated.sort());
    expect(remote.risk).toBe(local.risk);
    // It did measure there: the gateway's ppp0 was sampled, its chap-secrets judged.
    expect(remote.stepsDone).toEqual(expect.arrayContaining(['identify-interfaces', 'throughput', 'logs']));
  });

  it('records the target in the manifest: host, port, user, host key fingerprint, uname -a, tool versions', () => {
    const manifest = JSON.parse(readFileSync(path.join(work, 'remote', 'manifest.json'), 'utf8'));
    expect(manifest.host.remote).toMatchObject({
      target: `ssh://root@${gw.host}:22`,
      host: gw.host,
      port: 22,
      user: 'root',
      hostKeyType: 'ssh-ed25519',
      hostKeyFingerprint: gw.fingerprint,
      hostKeyTrust: 'known_hosts',
      privilege: 'root',
    });
    expect(manifest.host.remote.unameA).toMatch(/^Linux /);
    expect(manifest.tools.tcpdump).toMatch(/tcpdump version/);
    const ends = readFileSync(path.join(work, 'remote', 'commands.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.kind === 'end' && r.op === 'ip.addr');
    expect(ends[0].argv.slice(0, 2)).toEqual(['env', '-i']);
    expect(ends[0].argv.slice(-5)).toEqual(['ip', '-j', '-d', 'addr', 'show']);
  });

  it('keeps every planted secret out of the bundle', () => {
    const files = filesUnder(path.join(work, 'remote'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const secret of [...PLANTED_SECRETS, PLANTED_PPP_PASSWORD]) expect(bytes.includes(secret), `${f}: ${secret}`).toBe(false);
    }
  });

  it('refuses an unknown host key in one line, naming its fingerprint', async () => {
    const r = await run([process.execPath, CLI, 'audit', '--target', `ssh://root@${gw.host}`, '--identity', gw.identityFile, '--known-hosts', path.join(work, 'none'), ...auditArgs, '--out', path.join(work, 'refused')]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('connecting'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(gw.fingerprint);
    expect(lines[0]).toContain('--accept-new-host-key');
  });

  it('per-step commands take --target too: hardening judges the gateway\'s chap-secrets as a local run there does', async () => {
    const target = ['--target', `ssh://root@${gw.host}`, '--identity', gw.identityFile, '--known-hosts', gw.knownHostsFile];
    const r = await run([process.execPath, CLI, 'hardening', ...target, '--json']);
    const l = await run(gw.nsenterArgv([process.execPath, CLI, 'hardening', '--json']));
    const rules = (out: string) => (JSON.parse(out) as { findings: Array<{ ruleId: string; severity: string }> }).findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
    expect(rules(r.stdout)).toEqual(rules(l.stdout));
    expect(rules(r.stdout).some((k) => k.startsWith('chap-secrets-weak'))).toBe(true);
    const i = await run([process.execPath, CLI, 'interfaces', ...target, '--json']);
    expect(i.status, i.stderr).toBe(0);
    expect(i.stdout).toContain('ppp0');
  }, 120_000);

  it('refuses a hostile --target in one line, before any connection', async () => {
    const r = await run([process.execPath, CLI, 'audit', '--target', 'ssh://root@$(reboot)', ...auditArgs, '--out', path.join(work, 'hostile')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
