import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HelperServer, type HelperServerOptions } from '../../../../electron/helper/server';
import { AuditLog } from '../../../../electron/ops/auditLog';
import { CaptureRegistry } from '../../../../electron/ops/capture';
import { sha256Hex } from '../../../../electron/ops/result';
import type { OpResult } from '../../../../shared/ops/catalogue';
import { encodeFrame } from '../../../../shared/ops/frames';
import { RawClient } from '../../../e2e/helper/rawClient';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function resultOf(op: string, stdout: string): OpResult {
  const now = new Date().toISOString();
  return { op, argv: ['read', '/etc/ppp/chap-secrets'], startedAt: now, endedAt: now, exitCode: 0, signal: null, stdout, stderr: '', outputSha256: sha256Hex(stdout), truncated: false };
}

async function startServer(extra: Partial<HelperServerOptions>) {
  const dir = mkdtempSync(join(tmpdir(), 'pa-guard-'));
  const token = randomBytes(32).toString('hex');
  const auditPath = join(dir, 'audit.jsonl');
  const auditLog = await AuditLog.open(auditPath);
  const reasons: string[] = [];
  const server = new HelperServer({ socketPath: join(dir, 'helper.sock'), token, auditLog, captures: new CaptureRegistry(), onShutdown: (r) => reasons.push(r), ...extra });
  await server.listen();
  cleanups.push(async () => {
    server.shutdown('test over');
    await auditLog.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  return { token, reasons, auditPath, socketPath: join(dir, 'helper.sock') };
}

describe("the helper's last-line filter", () => {
  // A secret with a quote and a backslash: in a JSON summary inside stdout it is escaped twice.
  const SECRET = 'Vx9"Lq\\r7#mZ p2';

  it('replaces any reply carrying a secret read during that request, whatever spelling it has in the frame', async () => {
    // A summariser that (wrongly) puts the secret in its output and its streamed lines: the
    // real operations never do; the server's own check must stop it anyway.
    const s = await startServer({
      run: async (request, options) => {
        options.secrets!.saw('/etc/ppp/chap-secrets', [SECRET]);
        options.onLine?.({ stream: 'stdout', line: `line with ${SECRET}` });
        const op = (request as { op: string }).op;
        return resultOf(op, JSON.stringify({ entries: [{ client: SECRET }] }));
      },
    });
    const client = await RawClient.open(s.socketPath);
    cleanups.push(() => client.destroy());
    client.send({ type: 'hello', token: s.token, protocol: 1 });
    expect(await client.next((f) => f.type === 'welcome')).toBeTruthy();
    client.send({ type: 'request', id: 7, request: { op: 'ppp.chapSecrets' } });
    const r = await client.next((f) => f.type === 'result' && f.id === 7);
    expect(r?.result?.error).toBe('reply withheld: it contained a secret value read from /etc/ppp/chap-secrets; the helper never sends secrets');
    expect(r?.result?.stdout).toBe('');
    const lineRefusal = client.frames.find((f) => f.type === 'error' && f.id === 7);
    expect(lineRefusal?.message).toMatch(/^reply withheld/);
    const raw = Buffer.concat(client.raw).toString('utf8');
    const once = JSON.stringify(SECRET).slice(1, -1);
    for (const form of [SECRET, once, JSON.stringify(once).slice(1, -1), 'Vx9', 'mZ p2']) expect(raw).not.toContain(form);
    // The audit log records the reply actually sent: withheld, the operation having run.
    const record = JSON.parse(readFileSync(s.auditPath, 'utf8').trim().split('\n').pop()!) as { event: string; error: string };
    expect(record).toMatchObject({ event: 'executed', error: expect.stringMatching(/^reply withheld/) });
  });

  it('leaves replies without a secret alone, and does not check values too short to mean anything', async () => {
    const s = await startServer({
      run: async (request, options) => {
        options.secrets!.saw('/etc/ppp/chap-secrets', ['abc', 'LongSecretValue']);
        return resultOf((request as { op: string }).op, '{"entries":[{"client":"abc"}]}');
      },
    });
    const client = await RawClient.open(s.socketPath);
    cleanups.push(() => client.destroy());
    client.send({ type: 'hello', token: s.token, protocol: 1 });
    await client.next((f) => f.type === 'welcome');
    client.send({ type: 'request', id: 1, request: { op: 'ppp.chapSecrets' } });
    const r = await client.next((f) => f.type === 'result' && f.id === 1);
    expect(r?.result?.error).toBeUndefined();
    expect(r?.result?.stdout).toBe('{"entries":[{"client":"abc"}]}');
  });
});

describe('a client that stops reading its replies', () => {
  it('is throttled, then cut off: the helper does not buffer without end', async () => {
    const big = 'x'.repeat(256 * 1024);
    let runs = 0;
    const s = await startServer({
      maxUnreadReplyBytes: 2 * 1024 * 1024,
      run: async (request) => {
        runs++;
        return resultOf((request as { op: string }).op, big);
      },
    });
    const socket = connect(s.socketPath);
    cleanups.push(() => void socket.destroy());
    socket.on('error', () => undefined);
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.pause(); // never reads a byte
    socket.write(encodeFrame({ type: 'hello', token: s.token, protocol: 1 }));
    for (let id = 1; id <= 400; id++) socket.write(encodeFrame({ type: 'request', id, request: { op: 'ip.addr' } }));
    // 400 replies of 256 KiB would be 100 MiB held for this client without the cap.
    for (let i = 0; i < 500 && !s.reasons.includes('client disconnected'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(s.reasons).toContain('client disconnected');
    console.log(`[unread replies] cut off with ${runs} of 400 requests started (cap 2 MiB, reply 256 KiB)`);
  });
});
