import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HelperClient, HelperGoneError } from '../../../../electron/helper/client';
import { HelperServer } from '../../../../electron/helper/server';
import { AuditLog } from '../../../../electron/ops/auditLog';
import { CaptureRegistry } from '../../../../electron/ops/capture';
import { createCancelSource } from '../../../../shared/ops/runner';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function startServer(extra: { idleTimeoutMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pa-ops-srv-'));
  const token = randomBytes(32).toString('hex');
  const auditLog = await AuditLog.open(join(dir, 'audit.jsonl'));
  const reasons: string[] = [];
  const server = new HelperServer({
    socketPath: join(dir, 'helper.sock'),
    token,
    auditLog,
    captures: new CaptureRegistry(),
    onShutdown: (r) => reasons.push(r),
    openAuditLog: (path) => AuditLog.open(path),
    ...extra,
  });
  await server.listen();
  cleanups.push(async () => {
    server.shutdown('test over');
    await auditLog.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, token, server, reasons, socketPath: join(dir, 'helper.sock') };
}

describe('helper client and server in one process', () => {
  it('runs operations, streams lines, and cancels', async () => {
    const s = await startServer();
    const client = await HelperClient.connect(s.socketPath, s.token);
    expect(client.kind).toBe('helper');
    expect(client.helperPid).toBe(process.pid);

    const lines: string[] = [];
    const ping = await client.run(
      { op: 'ping.run', target: '127.0.0.1', count: 2, intervalS: 0.2, size: 56, dontFragment: false, deadlineS: 5 },
      { onLine: (l) => lines.push(l.line) },
    );
    expect(ping.exitCode).toBe(0);
    expect(lines.filter((l) => l.includes('bytes from'))).toHaveLength(2);

    const cancel = createCancelSource();
    setTimeout(() => cancel.cancel(), 500);
    const long = await client.run(
      { op: 'ping.run', target: '127.0.0.1', count: 1000, intervalS: 0.2, size: 56, dontFragment: false, deadlineS: 600 },
      { cancel: cancel.token },
    );
    expect(long.error).toBe('ping was stopped on request');

    // Several at once come back under their own ids.
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.run(i % 2 ? { op: 'ip.addr' } : { op: 'sysctl.read', key: 'net.ipv4.ip_forward' })),
    );
    expect(many.map((r) => r.op)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 ? 'ip.addr' : 'sysctl.read')));

    await client.close();
    expect(s.reasons).toEqual(['shutdown requested by the client']);
    await expect(client.run({ op: 'ip.addr' })).rejects.toBeInstanceOf(HelperGoneError);
    const audit = readFileSync(join(s.dir, 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(audit).toHaveLength(22);
  });

  it('switches its audit log on request, and says why it can not', async () => {
    const s = await startServer();
    const client = await HelperClient.connect(s.socketPath, s.token);
    await client.run({ op: 'ip.addr' });
    await client.setAuditLog(join(s.dir, 'second.jsonl'));
    await client.run({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' });
    await expect(client.setAuditLog(join(s.dir, 'missing-dir', 'x.jsonl'))).rejects.toThrow(/cannot open audit log .*ENOENT/);
    await client.run({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' });
    await client.close();
    expect(readFileSync(join(s.dir, 'audit.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(s.dir, 'second.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('refuses a wrong token and a second client with the same token', async () => {
    const s = await startServer();
    await expect(HelperClient.connect(s.socketPath, 'f'.repeat(64))).rejects.toThrow('the helper refused us: authentication failed: wrong token');
    const first = await HelperClient.connect(s.socketPath, s.token);
    await expect(HelperClient.connect(s.socketPath, s.token)).rejects.toThrow(/already used/);
    expect(first.closed).toBe(false);
    await first.close();
  });

  it('accepts firewall.iptablesLegacy and runs iptables-legacy-save (its allowlist is the catalogue)', async () => {
    const s = await startServer();
    const client = await HelperClient.connect(s.socketPath, s.token);
    const r = await client.run({ op: 'firewall.iptablesLegacy' });
    expect(r.argv).toEqual(['iptables-legacy-save']);
    // As root it prints this process's legacy tables (often none); as a user it fails like iptables-save, never "unknown operation".
    if (process.getuid?.() === 0) expect(r.exitCode, r.error).toBe(0);
    expect(r.error ?? '').not.toMatch(/unknown operation/);
  });

  it('shuts down when its client disconnects, and when idle', async () => {
    const s = await startServer();
    const client = await HelperClient.connect(s.socketPath, s.token);
    const gone = new Promise<string>((r) => (client.onClose = r));
    s.server.shutdown('parent process is gone');
    expect(await gone).toBe('the helper closed the connection');

    const idle = await startServer({ idleTimeoutMs: 200 });
    await HelperClient.connect(idle.socketPath, idle.token);
    await new Promise((r) => setTimeout(r, 400));
    expect(idle.reasons).toEqual(['idle for 0 s']);
  });
});
