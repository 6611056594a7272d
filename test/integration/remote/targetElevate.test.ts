import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/backend/backend';
import type { AuditView } from '../../../shared/ipc/channels/audit';
import type { TargetConnectResult, TargetState } from '../../../shared/ipc/channels/target';
import { isRoot } from '../../lab/host/netns';
import { startSshGateway, type SshGateway } from '../../support/sshd';

/** The auditor account's password on the gateway: what its sudo REQUIRES (no NOPASSWD there). */
const SUDO_PASSWORD = 'Gw-Sudo-8rTq#never-kept';
const WRONG_PASSWORD = 'Not-It-5vXw';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * sudo on the gateway from the GUI's backend, for an account whose sudo asks for a password:
 * connected unprivileged, a privileged step blocked (never a pass), a wrong password one line,
 * the right one elevates and the step then runs; the password nowhere the auditor can read later.
 */
describe.skipIf(!isRoot())('target.elevate: sudo with a password on a gateway, through the backend', () => {
  let gw: SshGateway;
  let root: string;
  let backend: Backend;
  let target: string;
  let audit: AuditView;
  const logged: string[] = [];
  const pushed: Array<{ channel: string; payload: unknown }> = [];
  const context = { binding: 'loopback' as const, clientId: 'test' };
  const call = async <T,>(channel: string, payload: unknown): Promise<T> => {
    const envelope = await backend.dispatch(channel, payload, context);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as T;
  };
  const refusal = async (channel: string, payload: unknown): Promise<string> => {
    const envelope = await backend.dispatch(channel, payload, context);
    expect(envelope.ok, `${channel} should be refused`).toBe(false);
    return envelope.ok ? '' : envelope.error.message;
  };
  const states = () => pushed.filter((p) => p.channel === 'target.state').map((p) => p.payload as TargetState);
  const connectPayload = () => ({ target, identityFile: gw.auditor!.identityFile, knownHostsFile: gw.knownHostsFile });

  beforeAll(async () => {
    gw = await startSshGateway('pa-te', { auditor: { password: SUDO_PASSWORD } });
    root = mkdtempSync(path.join(gw.work, 'gui-'));
    target = `ssh://auditor@${gw.host}:${gw.port}`;
    backend = new Backend((line) => logged.push(line), { auditsRoot: path.join(root, 'audits'), targetConnect: { agentSocket: null } });
    backend.hub.subscribe((channel, payload) => pushed.push({ channel, payload }));
  }, 120_000);

  afterAll(async () => {
    backend?.dispose();
    await backend?.target.close();
    gw?.destroy();
  });

  it('connects as auditor without a sudo password: privilege none, pushed', async () => {
    const answer = await call<TargetConnectResult>('target.connect', connectPayload());
    expect(answer.status).toBe('connected');
    expect((answer as { state: TargetState }).state).toMatchObject({ state: 'connected', target, privilege: 'none' });
    expect(states().at(-1)).toMatchObject({ state: 'connected', privilege: 'none' });
  }, 60_000);

  it('a privileged step of a gateway audit is blocked, saying where privilege is missing, never a pass', async () => {
    audit = await call<AuditView>('audit.start', {
      identity: { site: 'Sudo site', asset: '', auditor: '' },
      target: { iface: 'ppp0', carrier: 'ppp0', remoteIp: '10.77.0.2' },
      linkSpeedMbps: 100,
      gateway: target,
    });
    expect(audit.missingPrerequisites.map((m) => m.id)).toEqual(['privileges']);
    const message = await refusal('audit.runStep', { auditId: audit.auditId, step: 'capture', durationS: 5, pingCount: 10 });
    expect(message).toBe(`step "Capture control and data channels" is blocked: root or sudo on the gateway (${target}) missing (connect as root, or give sudo's password in the header)`);
    const view = (await call<AuditView[]>('audit.current', {})).find((a) => a.auditId === audit.auditId)!;
    expect(view.checklist.steps.capture.status).not.toBe('done');
    // Step 5 runs degraded: chap-secrets unreadable says so, it is not judged as fine.
    const logs = await call<AuditView>('audit.runStep', { auditId: audit.auditId, step: 'logs', durationS: 5, pingCount: 10 });
    const commands = readFileSync(path.join(audit.dir, 'commands.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { stdoutFile?: string | null; error?: string | null });
    const chap = commands.filter((c) => c.stdoutFile?.includes('ppp.chapSecrets')).at(-1);
    expect(chap?.error).toMatch(/permission denied/i);
    expect(logs.checklist.steps.logs.runs.at(-1)?.verdict?.reason).toMatch(/not available/);
    expect((logs.findings?.findings ?? []).map((f) => f.ruleId)).not.toContain('chap-secrets-weak');
  }, 120_000);

  it('a wrong sudo password is one clear line, and the gateway stays unprivileged', async () => {
    const message = await refusal('target.elevate', { password: WRONG_PASSWORD });
    expect(message).toBe('sudo on the gateway refused the password (or auditor may not use sudo)');
    expect(message.split('\n')).toHaveLength(1);
    expect(states().at(-1)).toMatchObject({ privilege: 'none', message });
    expect((await call<TargetState>('target.state', {})).privilege).toBe('none');
  }, 60_000);

  it('the right password elevates (pushed), and the blocked step then runs as root', async () => {
    const state = await call<TargetState>('target.elevate', { password: SUDO_PASSWORD });
    expect(state).toMatchObject({ state: 'connected', privilege: 'sudo-password', message: null });
    expect(states().at(-1)).toMatchObject({ privilege: 'sudo-password', message: null });
    // The open audit's view follows at once: the GUI's "Blocked" line goes without a step being run.
    const pushedView = pushed.filter((p) => p.channel === 'audit.view').at(-1)?.payload as AuditView;
    expect(pushedView.missingPrerequisites).toEqual([]);
    const view = await call<AuditView>('audit.runStep', { auditId: audit.auditId, step: 'capture', durationS: 5, pingCount: 10 });
    expect(view.checklist.steps.capture.status).toBe('done');
    expect(view.missingPrerequisites).toEqual([]);
    const logs = await call<AuditView>('audit.runStep', { auditId: audit.auditId, step: 'logs', durationS: 5, pingCount: 10 });
    expect((logs.findings?.findings ?? []).some((f) => f.ruleId.startsWith('chap-secrets-weak'))).toBe(true);
  }, 180_000);

  it('the passwords are in no push, no log line and no bundle file', async () => {
    await call<AuditView>('audit.abandon', { auditId: audit.auditId, reason: 'test over' });
    const everything = JSON.stringify(pushed);
    const files = filesUnder(audit.dir);
    expect(files.length).toBeGreaterThan(3);
    for (const password of [SUDO_PASSWORD, WRONG_PASSWORD]) {
      expect(everything).not.toContain(password);
      expect(logged.join('\n')).not.toContain(password);
      for (const f of files) expect(readFileSync(f).includes(password), f).toBe(false);
    }
  });

  it('a sudo password given at connect elevates straight away', async () => {
    const answer = await call<TargetConnectResult>('target.connect', { ...connectPayload(), sudoPassword: SUDO_PASSWORD });
    expect((answer as { state: TargetState }).state).toMatchObject({ state: 'connected', privilege: 'sudo-password' });
    expect(JSON.stringify(pushed)).not.toContain(SUDO_PASSWORD);
  }, 60_000);
});
