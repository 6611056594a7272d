import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, chownSync, rmSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildForTest } from './buildHelper';
import { createTestUser, pidsOfUid, type TestUser } from './testUser';

const isRoot = process.getuid?.() === 0;
const NODE = process.execPath;

interface DriverOutput {
  ok: boolean;
  reason?: string;
  message?: string;
  prompts: number;
  method?: string;
  kind?: string;
  helperPid?: number;
  helperEuid?: number;
  myUid?: number;
  addr?: { exitCode: number | null; error: string | null; isJson: boolean };
  ping?: { exitCode: number | null; error: string | null; argv: string[]; lines: string[] };
  iptables?: { exitCode: number | null; error: string | null };
  bad?: { error: string | null };
}

/** Bound of the waits for the helper's processes to end: generous, for a loaded machine. */
const GONE_WITHIN = { timeout: 20_000, interval: 100 };

/**
 * Runs the driver as `user` (runuser: no password, we are root) with its input on stdin. The
 * driver and node-pty come from the build folder (see buildForTest), never from the checkout.
 */
function runDriver(user: TestUser, driver: string, input: object): Promise<{ out: DriverOutput; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/sbin/runuser', ['-u', user.name, '--', NODE, driver], {
      env: { PATH: '/usr/bin:/bin', HOME: `/home/${user.name}`, USER: user.name },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', () => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ out: JSON.parse(line) as DriverOutput, stderr });
      } catch {
        reject(new Error(`driver printed no JSON. stdout=${stdout} stderr=${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}

describe.skipIf(!isRoot)('helper started through sudo by an unprivileged user (node-pty answers the prompt)', () => {
  let build: { dir: string; files: Record<string, string> };
  let allowed: TestUser;
  let denied: TestUser;
  let noPassword: TestUser;
  let work: string;

  beforeAll(async () => {
    build = await buildForTest({ helper: 'electron/helper/main.ts', driver: 'test/e2e/helper/sudoDriver.ts' });
    const helper = build.files.helper!;
    // The sudoers rule names exactly the helper command, with its arguments free.
    allowed = createTestUser('pa-ops-aud', `${NODE} ${helper} *`);
    denied = createTestUser('pa-ops-nosudo', null);
    noPassword = createTestUser('pa-ops-nopw', `NOPASSWD: ${NODE} ${helper} *`);
    work = mkdtempSync('/tmp/pa-ops-e2e-');
    chmodSync(work, 0o755);
  });

  afterAll(() => {
    allowed?.remove();
    denied?.remove();
    noPassword?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    if (build) rmSync(build.dir, { recursive: true, force: true });
  });

  function userDir(user: TestUser, name: string): string {
    const dir = join(work, name);
    execFileSync('mkdir', ['-m', '0700', dir]);
    chownSync(dir, user.uid, user.uid);
    return dir;
  }

  it('starts the helper as root with the right password and runs operations through it', async () => {
    const dir = userDir(allowed, 'ok');
    const auditLogPath = join(dir, 'audit.jsonl');
    const { out, stderr } = await runDriver(allowed, build.files.driver!, {
      helperPath: build.files.helper,
      auditLogPath,
      password: allowed.password,
      nodePath: NODE,
    });
    expect(out, stderr).toMatchObject({ ok: true, method: 'sudo', kind: 'helper', prompts: 1 });
    expect(out.myUid).toBe(allowed.uid);
    expect(out.helperEuid).toBe(0);
    expect(out.addr).toEqual({ exitCode: 0, error: null, isJson: true });
    expect(out.ping?.exitCode).toBe(0);
    expect(out.ping?.argv).toEqual(['ping', '-n', '-c', '3', '-i', '0.2', '-s', '56', '-W', '2', '-M', 'do', '127.0.0.1']);
    expect(out.ping?.lines.filter((l) => l.includes('bytes from 127.0.0.1')).length).toBe(3);
    // iptables-save needs root: it only succeeds because the helper is root.
    expect(out.iptables).toEqual({ exitCode: 0, error: null });
    expect(out.bad?.error).toMatch(/^refused: /);

    // The audit log: written by the root helper, handed to the auditor, one line per operation.
    const records = readFileSync(auditLogPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; op: string; argv: string[] });
    expect(records.map((r) => [r.event, r.op])).toEqual([
      ['executed', 'ip.addr'],
      ['executed', 'ping.run'],
      ['executed', 'firewall.iptables'],
      ['refused', 'ping.run'],
    ]);
    expect(execFileSync('stat', ['-c', '%u', auditLogPath]).toString().trim()).toBe(String(allowed.uid));
    // The password went to sudo only: never into the audit log or the driver's output.
    expect(readFileSync(auditLogPath, 'utf8')).not.toContain(allowed.password);
    expect(JSON.stringify(out) + stderr).not.toContain(allowed.password);

    // The helper exits with its client.
    expect(out.helperPid).toBeGreaterThan(0);
    await vi.waitFor(() => expect(existsSync(`/proc/${out.helperPid}`)).toBe(false), GONE_WITHIN);
  });

  it('refuses a wrong password cleanly: one answer, a clear reason, nothing started', async () => {
    const dir = userDir(allowed, 'wrong');
    const { out, stderr } = await runDriver(allowed, build.files.driver!, {
      helperPath: build.files.helper,
      auditLogPath: join(dir, 'audit.jsonl'),
      password: 'definitely-not-the-password',
      nodePath: NODE,
    });
    expect(out, stderr).toMatchObject({ ok: false, reason: 'wrong-password', prompts: 1 });
    expect(out.message).toMatch(/wrong password/);
    expect(existsSync(join(dir, 'audit.jsonl'))).toBe(false);
    await vi.waitFor(() => expect(pidsOfUid(allowed.uid)).toEqual([]), GONE_WITHIN);
  });

  it('does not send a password with control characters to the terminal', async () => {
    const dir = userDir(allowed, 'ctrl');
    const { out } = await runDriver(allowed, build.files.driver!, {
      helperPath: build.files.helper,
      auditLogPath: join(dir, 'audit.jsonl'),
      password: `${allowed.password}\r\u0003id\r`,
      nodePath: NODE,
    });
    expect(out).toMatchObject({ ok: false, reason: 'wrong-password', message: 'the password contains control characters; not sent' });
  });

  it('reports a cancelled password dialog', async () => {
    const dir = userDir(allowed, 'cancel');
    const { out } = await runDriver(allowed, build.files.driver!, {
      helperPath: build.files.helper,
      auditLogPath: join(dir, 'audit.jsonl'),
      password: null,
      nodePath: NODE,
    });
    expect(out).toMatchObject({ ok: false, reason: 'cancelled', prompts: 1 });
  });

  it('starts without asking when sudo needs no password', async () => {
    const dir = userDir(noPassword, 'nopw');
    const { out, stderr } = await runDriver(noPassword, build.files.driver!, {
      helperPath: build.files.helper,
      auditLogPath: join(dir, 'audit.jsonl'),
      password: null,
      nodePath: NODE,
    });
    expect(out, stderr).toMatchObject({ ok: true, prompts: 0, helperEuid: 0 });
    expect(out.addr?.exitCode).toBe(0);
  });

  it('reports a user without sudo rights as not allowed', async () => {
    const dir = userDir(denied, 'denied');
    const { out, stderr } = await runDriver(denied, build.files.driver!, {
      helperPath: build.files.helper,
      auditLogPath: join(dir, 'audit.jsonl'),
      password: denied.password,
      nodePath: NODE,
    });
    expect(out, stderr).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(out.message).toMatch(/may not start the helper through sudo/);
  });
});

describe.skipIf(isRoot)('helper through sudo (skipped)', () => {
  it.skip('needs root to create the unprivileged test user and its sudoers rule', () => {});
});
