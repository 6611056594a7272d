import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelperClient } from '../../../electron/helper/client';
import { HELPER_READY_MARKER } from '../../../shared/ops/protocol';
import { buildForTest } from './buildHelper';

const isRoot = process.getuid?.() === 0;

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  dir: string;
  token: string;
}

function startHelper(
  build: string,
  parentPid: number,
  opts: { dirMode?: number; writeToken?: boolean; extra?: string[]; ownerUid?: number; auditLog?: (dir: string) => string } = {},
): Started {
  const dir = mkdtempSync('/tmp/pa-ops-life-');
  chmodSync(dir, opts.dirMode ?? 0o700);
  const token = randomBytes(32).toString('hex');
  if (opts.writeToken ?? true) writeFileSync(join(dir, 'token'), token, { mode: 0o600 });
  const owner = opts.ownerUid;
  if (owner !== undefined) {
    chownSync(dir, owner, owner);
    if (opts.writeToken ?? true) chownSync(join(dir, 'token'), owner, owner);
  }
  const auditLog = opts.auditLog ? opts.auditLog(dir) : join(dir, 'audit.jsonl');
  const child = spawn(
    process.execPath,
    [build, '--socket-dir', dir, '--token-file', join(dir, 'token'), '--audit-log', auditLog, '--parent-pid', String(parentPid), ...(opts.extra ?? [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: '/usr/bin:/bin', ...(owner !== undefined ? { SUDO_UID: String(owner), SUDO_GID: String(owner) } : {}) },
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exit, dir, token };
}

async function ready(s: Started): Promise<void> {
  const deadline = Date.now() + 30_000; // generous: Node starts slowly on a loaded machine
  while (!s.output().includes(HELPER_READY_MARKER) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(s.output()).toContain(HELPER_READY_MARKER);
}

describe.skipIf(!isRoot)('helper life cycle', () => {
  let build: { dir: string; files: Record<string, string> };
  const dirs: string[] = [];
  beforeAll(async () => {
    build = await buildForTest({ helper: 'electron/helper/main.ts' });
  });
  afterAll(() => {
    for (const d of [...dirs, build?.dir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('exits when its parent process is gone', async () => {
    const parent = spawn('sleep', ['30']);
    const s = startHelper(build.files.helper!, parent.pid!);
    dirs.push(s.dir);
    await ready(s);
    const client = await HelperClient.connect(join(s.dir, 'helper.sock'), s.token);
    expect((await client.run({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' })).exitCode).toBe(0);
    parent.kill('SIGKILL');
    // Bounded by the test's timeout, not by a wall-clock figure a loaded machine could miss.
    expect(await s.exit).toBe(0);
    expect(s.output()).toContain('exiting (parent process is gone)');
    expect(existsSync(join(s.dir, 'helper.sock'))).toBe(false);
  });

  it('exits on SIGTERM and when its client disconnects', async () => {
    const a = startHelper(build.files.helper!, process.pid);
    dirs.push(a.dir);
    await ready(a);
    a.child.kill('SIGTERM');
    expect(await a.exit).toBe(0);
    expect(a.output()).toContain('exiting (received SIGTERM)');

    const b = startHelper(build.files.helper!, process.pid);
    dirs.push(b.dir);
    await ready(b);
    const client = await HelperClient.connect(join(b.dir, 'helper.sock'), b.token);
    (client as unknown as { socket: { destroy(): void } }).socket.destroy();
    expect(await b.exit).toBe(0);
    expect(b.output()).toContain('exiting (client disconnected)');
  });

  it('refuses to start with a clear message: open directory, no token, bad arguments', async () => {
    const open = startHelper(build.files.helper!, process.pid, { dirMode: 0o755 });
    dirs.push(open.dir);
    expect(await open.exit).toBe(1);
    expect(open.output()).toMatch(/must be private \(mode 0700\), it is 755/);

    const noToken = startHelper(build.files.helper!, process.pid, { writeToken: false });
    dirs.push(noToken.dir);
    expect(await noToken.exit).toBe(1);
    expect(noToken.output()).toMatch(/token file \/tmp\/pa-ops-life-\w+\/token does not exist/);

    // Working for an unprivileged auditor, root must not create or append to a file the
    // auditor could not: a root-owned directory, or a symlink to a root file.
    const evil = startHelper(build.files.helper!, process.pid, { ownerUid: 65534, auditLog: () => '/etc/pa-ops-evil.jsonl' });
    dirs.push(evil.dir);
    expect(await evil.exit).toBe(1);
    expect(evil.output()).toMatch(/EACCES/);
    expect(existsSync('/etc/pa-ops-evil.jsonl')).toBe(false);
    const linked = startHelper(build.files.helper!, process.pid, {
      ownerUid: 65534,
      auditLog: (dir) => {
        symlinkSync('/etc/passwd', join(dir, 'audit.jsonl'));
        return join(dir, 'audit.jsonl');
      },
    });
    dirs.push(linked.dir);
    expect(await linked.exit).toBe(1);
    expect(linked.output()).toMatch(/ELOOP/);

    const bad = startHelper(build.files.helper!, process.pid, { extra: ['--root-prefix', '/tmp'] });
    dirs.push(bad.dir);
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toContain('pptp-auditor helper: unknown argument "--root-prefix"');
  });
});
