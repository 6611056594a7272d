import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/backend/backend';
import type { AuditView } from '../../../shared/ipc/channels/audit';
import type { TargetConnectResult, TargetState } from '../../../shared/ipc/channels/target';
import type { InterfaceInfo } from '../../../shared/model/interfaces';
import type { SampleBatch } from '../../../shared/model/throughput';
import { STEP_IDS } from '../../../shared/checklist/steps';
import { isRoot } from '../../lab/host/netns';
import { WebSocket } from 'ws';
import { serve } from '../../e2e/support/serve';
import { PLANTED_PPP_PASSWORD, PLANTED_SECRETS, startSshGateway, type SshGateway } from '../../support/sshd';
import { runCollect as run } from '../../support/runCollect';

const REPO = new URL('../../..', import.meta.url).pathname;
const CLI = path.join(REPO, 'dist/cli.cjs');
const SECRETS = [...PLANTED_SECRETS, PLANTED_PPP_PASSWORD];
/** What ssh2 traces when it starts authenticating (a service request, then userauth requests). */
const AUTH_TRACE = /SERVICE_REQUEST|USERAUTH_REQUEST/;
/** Passwords handed to the backend: used for the connection only, never pushed, logged or kept. */
const LOGIN_PASSWORD = 'Login-Pw-7qXz-never-kept';
const SUDO_PASSWORD = 'Sudo-Pw-3kLm-never-kept';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Waits for a condition driven by real events (pushes, samples), bounded so a hang fails instead of blocking. */
async function until(what: string, condition: () => boolean, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The GUI's gateway through the backend's one dispatch, against Debian's sshd in a namespace:
 * the host key shown before anything is sent, confirmed by fingerprint, an audit of all six
 * steps run there with the CLI's findings, secrets never leaving the gateway, a lost link
 * recorded as a gap and recovered.
 */
describe.skipIf(!isRoot())('target.* and gateway audits through the backend, against a real sshd', () => {
  let gw: SshGateway;
  let root: string;
  let backend: Backend;
  let target: string;
  let knownHosts: string;
  const trace: string[] = [];
  const logged: string[] = [];
  const pushed: Array<{ channel: string; payload: unknown }> = [];
  const call = async <T,>(channel: string, payload: unknown): Promise<T> => {
    const envelope = await backend.dispatch(channel, payload, { binding: 'loopback', clientId: 'test' });
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as T;
  };
  const refusal = async (channel: string, payload: unknown): Promise<string> => {
    const envelope = await backend.dispatch(channel, payload, { binding: 'loopback', clientId: 'test' });
    expect(envelope.ok, `${channel} should be refused`).toBe(false);
    return envelope.ok ? '' : envelope.error.message;
  };
  const states = () => pushed.filter((p) => p.channel === 'target.state').map((p) => p.payload as TargetState);
  let auditView: AuditView;
  let secondAudit: AuditView;

  beforeAll(async () => {
    gw = await startSshGateway('pa-ts');
    root = mkdtempSync(path.join(gw.work, 'gui-'));
    target = `ssh://root@${gw.host}`;
    knownHosts = path.join(root, 'known_hosts');
    backend = new Backend((line) => logged.push(line), { auditsRoot: path.join(root, 'data', 'audits'), targetConnect: { agentSocket: null, debug: (line) => trace.push(line) } });
    backend.hub.subscribe((channel, payload) => pushed.push({ channel, payload }));
  }, 60_000);

  afterAll(async () => {
    backend?.dispose();
    await backend?.target.close();
    gw?.destroy();
  });

  it('answers an unknown host key with its fingerprint and sends no credential', async () => {
    const answer = await call<TargetConnectResult>('target.connect', { target, identityFile: gw.identityFile, knownHostsFile: knownHosts });
    expect(answer).toEqual({ status: 'unknown-host-key', keyType: 'ssh-ed25519', fingerprint: gw.fingerprint, knownHostsFile: knownHosts });
    // ssh2 traces each authentication request it sends: none went out, the key was judged first.
    expect(trace.length).toBeGreaterThan(0);
    expect(trace.filter((l) => AUTH_TRACE.test(l))).toEqual([]);
    expect(existsSync(knownHosts)).toBe(false);
    expect((await call<TargetState>('target.state', {})).state).toBe('local');
    expect(states().map((s) => s.state)).toEqual(['connecting', 'local']);
  });

  it('refuses a confirmed fingerprint that is not the one presented, naming both, still sending nothing', async () => {
    trace.length = 0;
    const wrong = `SHA256:${'A'.repeat(43)}`;
    const message = await refusal('target.connect', { target, identityFile: gw.identityFile, knownHostsFile: knownHosts, trustFingerprint: wrong });
    expect(message).toContain(`presented ${gw.fingerprint}, not the ${wrong} you confirmed`);
    expect(message.split('\n')).toHaveLength(1);
    expect(trace.filter((l) => AUTH_TRACE.test(l))).toEqual([]);
    expect(existsSync(knownHosts)).toBe(false);
  });

  it('connects once the right fingerprint is confirmed, and records the key in known_hosts', async () => {
    trace.length = 0;
    const answer = await call<TargetConnectResult>('target.connect', { target, identityFile: gw.identityFile, knownHostsFile: knownHosts, trustFingerprint: gw.fingerprint, loginPassword: LOGIN_PASSWORD, sudoPassword: SUDO_PASSWORD });
    expect(answer.status).toBe('connected');
    // root needs no sudo: the password prompt of the GUI changes nothing, and says so in the state.
    expect((await call<TargetState>('target.elevate', { password: SUDO_PASSWORD })).privilege).toBe('root');
    const state = (answer as { state: TargetState }).state;
    expect(state).toMatchObject({ state: 'connected', target: `ssh://root@${gw.host}:22`, privilege: 'root', hostKey: { keyType: 'ssh-ed25519', fingerprint: gw.fingerprint, trust: 'accepted-new' } });
    expect(state.gateway?.kernelRelease).toMatch(/\S/);
    // The control for the two tests above: authentication does show in the trace when it happens.
    expect(trace.some((l) => AUTH_TRACE.test(l))).toBe(true);
    const pub = readFileSync(path.join(gw.work, 'host_ed25519.pub'), 'utf8').split(/\s+/)[1]!;
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${gw.host} ssh-ed25519 ${pub}\n`);
    expect(states().at(-1)?.state).toBe('connected');
  });

  it("lists the gateway's interfaces (ppp0 there), not this machine's", async () => {
    const list = await call<InterfaceInfo[]>('interfaces.list', {});
    const names = list.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['ppp0', 'lan0']));
    expect(list.find((i) => i.name === 'ppp0')?.addresses.map((a) => a.local)).toContain('10.77.0.1');
  });

  it('refuses an audit on another gateway than the connected one, in one line', async () => {
    const message = await refusal('audit.start', {
      identity: { site: 'Elsewhere', asset: '', auditor: '' },
      target: { iface: 'ppp0', carrier: 'ppp0', remoteIp: '10.77.0.2' },
      gateway: 'ssh://root@192.0.2.1',
    });
    expect(message).toBe(`refused: the backend is connected to ssh://root@${gw.host}:22, not ssh://root@192.0.2.1:22`);
  });

  it('runs all six steps on the gateway, with the findings of the local audit of the same namespace', async () => {
    auditView = await call<AuditView>('audit.start', {
      identity: { site: 'Remote site', asset: '', auditor: '' },
      target: { iface: 'ppp0', carrier: 'ppp0', remoteIp: '10.77.0.2' },
      linkSpeedMbps: 100,
      gateway: target,
    });
    expect(auditView.gateway).toBe(`ssh://root@${gw.host}:22`);
    // A step running on the gateway pins the connection: no connect elsewhere, no disconnect.
    const running = call<AuditView>('audit.runStep', { auditId: auditView.auditId, step: 'identify-interfaces' });
    await until('the step to run', () => backend.guided.isRunningOn(`ssh://root@${gw.host}:22`));
    expect(await refusal('target.disconnect', {})).toMatch(/a step of an audit on ssh:\/\/root@.*:22 is running/);
    auditView = await running;
    for (const step of STEP_IDS.filter((s) => s !== 'identify-interfaces')) {
      auditView = await call<AuditView>('audit.runStep', { auditId: auditView.auditId, step, durationS: 5, pingCount: 10 });
    }
    const done = STEP_IDS.filter((s) => auditView.checklist.steps[s].status === 'done');
    const local = await run(gw.nsenterArgv([process.execPath, CLI, 'audit', '--iface', 'ppp0', '--carrier', 'ppp0', '--remote', '10.77.0.2', '--site', 'Local', '--duration', '5', '--ping-count', '10', '--link-speed', '100', '--no-pdf', '--json', '--out', path.join(root, 'local')]));
    expect([0, 3], local.stderr).toContain(local.status);
    const summary = JSON.parse(local.stdout) as { stepsDone: string[]; findings: Array<{ ruleId: string; severity: string }> };
    expect(done).toEqual(summary.stepsDone);
    const key = (fs: Array<{ ruleId: string; severity: string }>) => fs.map((f) => `${f.ruleId}:${f.severity}`).sort();
    expect(key(auditView.findings!.findings)).toEqual(key(summary.findings));
    expect(key(auditView.findings!.findings).some((k) => k.startsWith('chap-secrets-weak'))).toBe(true);
  }, 240_000);

  it('records the gateway in the manifest, and keeps every planted secret out of the bundle and of every push', async () => {
    const manifest = JSON.parse(readFileSync(path.join(auditView.dir, 'manifest.json'), 'utf8'));
    expect(manifest.host.remote).toMatchObject({ target: `ssh://root@${gw.host}:22`, hostKeyFingerprint: gw.fingerprint, hostKeyTrust: 'accepted-new', privilege: 'root' });
    const files = filesUnder(auditView.dir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const secret of SECRETS) expect(bytes.includes(secret), `${f}: ${secret}`).toBe(false);
    }
    const everything = JSON.stringify(pushed);
    expect(everything).toContain('chap-secrets');
    for (const secret of SECRETS) expect(everything.includes(JSON.stringify(secret).slice(1, -1)), secret).toBe(false);
    // Nor the passwords given at connect and elevate: not pushed, not logged, not in the bundle.
    for (const password of [LOGIN_PASSWORD, SUDO_PASSWORD]) {
      expect(everything).not.toContain(password);
      expect(logged.join('\n')).not.toContain(password);
      for (const f of files) expect(readFileSync(f).includes(password), f).toBe(false);
    }
  });

  it('marks a lost connection mid-throughput as a gap, pushes lost then connected, and samples on', async () => {
    const before = pushed.length;
    const started = await call<{ sessionId: string }>('throughput.start', { iface: 'ppp0', intervalMs: 200, linkSpeedMbps: null, carrier: null });
    const samples = () => pushed.slice(before).filter((p) => p.channel === 'throughput.batch' && (p.payload as SampleBatch).sessionId === started.sessionId).flatMap((p) => (p.payload as SampleBatch).samples);
    await until('samples before the cut', () => samples().length >= 3);
    gw.killConnections();
    const after = () => states().slice(0).filter((_, i, all) => i >= all.length - 20);
    await until('the lost state', () => after().some((s) => s.state === 'lost'));
    await until('the gap and a sample after it', () => {
      const all = samples();
      const gap = all.findIndex((s) => s.gap && s.gapReason === 'connection-lost');
      return gap >= 0 && all.length > gap + 1;
    });
    await until('connected again', () => states().at(-1)?.state === 'connected');
    const lostAt = states().findLastIndex((s) => s.state === 'lost');
    expect(states().slice(lostAt).some((s) => s.state === 'connected')).toBe(true);
    const state = await call<TargetState>('target.state', {});
    expect(state.events.map((e) => e.type)).toEqual(expect.arrayContaining(['lost', 'restored']));
    expect((await call<{ stopped: boolean }>('throughput.stop', { sessionId: started.sessionId })).stopped).toBe(true);
  }, 120_000);

  it('keeps the connection events in the bundle when the gateway audit is abandoned', async () => {
    const view = await call<AuditView>('audit.abandon', { auditId: auditView.auditId, reason: 'test over' });
    expect(view.status).toBe('abandoned');
    const events = readFileSync(path.join(auditView.dir, 'outputs', 'target-connection.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['lost', 'restored']));
  });

  it('refuses a step of a gateway audit once disconnected, then goes back to this machine', async () => {
    const view = await call<AuditView>('audit.start', {
      identity: { site: 'Second', asset: '', auditor: '' },
      target: { iface: 'ppp0', carrier: 'ppp0', remoteIp: '10.77.0.2' },
      gateway: `ssh://root@${gw.host}:22`,
    });
    const state = await call<TargetState>('target.disconnect', {});
    expect(state.state).toBe('local');
    expect(await refusal('audit.runStep', { auditId: view.auditId, step: 'kernel-modules' })).toBe(`this audit runs on ssh://root@${gw.host}:22: connect to it first`);
    secondAudit = view;
  });

  it('resumes a gateway audit after a restart only once the same gateway is connected again', async () => {
    // A new backend on the same data folder: the app restarted.
    const restarted = new Backend(() => undefined, { auditsRoot: path.join(root, 'data', 'audits'), targetConnect: { agentSocket: null } });
    const context = { binding: 'loopback' as const, clientId: 'r' };
    try {
      const listed = await restarted.dispatch('audits.list', {}, context);
      const summary = (listed.ok ? (listed.value as Array<{ auditId: string; site: string }>) : []).find((a) => a.site === secondAudit.identity.site)!;
      const refused = await restarted.dispatch('audit.resume', { auditId: summary.auditId }, context);
      expect(refused.ok ? '' : refused.error.message).toBe(`this audit runs on ssh://root@${gw.host}:22: connect to it first`);
      // known_hosts holds the key confirmed earlier: pinned now, no question asked.
      const connected = await restarted.dispatch('target.connect', { target, identityFile: gw.identityFile, knownHostsFile: knownHosts }, context);
      expect(connected.ok && (connected.value as TargetConnectResult).status).toBe('connected');
      const resumed = await restarted.dispatch('audit.resume', { auditId: summary.auditId }, context);
      expect(resumed.ok, resumed.ok ? '' : resumed.error.message).toBe(true);
      const view = (resumed as { value: AuditView }).value;
      expect(view.gateway).toBe(`ssh://root@${gw.host}:22`);
      const ran = await restarted.dispatch('audit.runStep', { auditId: view.auditId, step: 'kernel-modules' }, context);
      expect(ran.ok && (ran.value as AuditView).checklist.steps['kernel-modules'].status).toBe('done');
    } finally {
      restarted.dispose();
      await restarted.target.close();
    }
  }, 60_000);

  it('serve --target starts the served backend connected to that gateway; an unknown key stops it in one line', async () => {
    const served = await serve(undefined, ['--no-print', '--audits', path.join(root, 'served', 'audits'), '--target', target, '--identity', gw.identityFile, '--known-hosts', gw.knownHostsFile]);
    try {
      const { origin } = new URL(served.url);
      const ws = new WebSocket(`${served.url.replace('http:', 'ws:')}ws`, { origin });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const envelope = await new Promise<{ ok: boolean; value: TargetState }>((resolve) => {
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { kind: string; id: number; envelope: { ok: boolean; value: TargetState } };
          if (frame.kind === 'reply' && frame.id === 1) resolve(frame.envelope);
        });
        ws.send(JSON.stringify({ id: 1, channel: 'target.state', payload: {} }));
      });
      ws.close();
      expect(envelope.value).toMatchObject({ state: 'connected', target: `ssh://root@${gw.host}:22`, hostKey: { fingerprint: gw.fingerprint, trust: 'known_hosts' } });
    } finally {
      await served.stop();
    }
    const refused = await run([process.execPath, CLI, 'serve', '--no-print', '--target', target, '--identity', gw.identityFile, '--known-hosts', path.join(root, 'none')]);
    expect(refused.status).toBe(2);
    const lines = refused.stderr.trim().split('\n').filter((l) => !l.startsWith('connecting'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(gw.fingerprint);
  }, 60_000);
});
