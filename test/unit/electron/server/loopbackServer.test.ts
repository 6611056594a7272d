import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Backend } from '../../../../electron/backend/backend';
import { startLoopbackServer, type RunningLoopbackServer } from '../../../../electron/server/loopbackServer';

function get(port: number, pathname: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string; csp?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, csp: res.headers['content-security-policy'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field below
function call(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<any> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString());
      if (frame.kind === 'reply' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.envelope);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, payload }));
  });
}

describe('loopback binding', () => {
  let server: RunningLoopbackServer;
  let backend: Backend;
  const root = mkdtempSync(path.join(tmpdir(), 'pa-renderer-'));

  beforeAll(async () => {
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'assets', 'a.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'outside');
    backend = new Backend(() => {});
    server = await startLoopbackServer({ backend, rendererRoot: root });
  });

  afterAll(async () => {
    backend.dispose();
    await server.close();
  });

  it('listens on 127.0.0.1 with a 256-bit token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{64}\/$/);
  });

  it('serves the renderer with its CSP under the token path only', async () => {
    const ok = await get(server.port, `/${server.token}/`);
    expect(ok.status).toBe(200);
    expect(ok.csp).toContain("default-src 'none'");
    expect((await get(server.port, `/${server.token}/assets/a.js`)).status).toBe(200);
    expect((await get(server.port, '/')).status).toBe(403);
    expect((await get(server.port, '/index.html')).status).toBe(403);
    expect((await get(server.port, `/${'0'.repeat(64)}/`)).status).toBe(403);
    expect((await get(server.port, `/${server.token.slice(0, 63)}/`)).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) and path traversal', async () => {
    expect((await get(server.port, `/${server.token}/`, 'evil.example:80')).status).toBe(403);
    const traversal = await get(server.port, `/${server.token}/../secret.txt`);
    expect(traversal.body).not.toContain('outside');
    const encoded = await get(server.port, `/${server.token}/%2e%2e/secret.txt`);
    expect(encoded.body).not.toContain('outside');
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    await expect(connect(`ws://127.0.0.1:${server.port}/ws`, origin)).rejects.toThrow(/403/);
    await expect(connect(`ws://127.0.0.1:${server.port}/${server.token}/ws`, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('answers through the dispatcher: unknown channels and bad payloads become errors, not crashes', async () => {
    const ws = await connect(`ws://127.0.0.1:${server.port}/${server.token}/ws`, `http://127.0.0.1:${server.port}`);
    const list = await call(ws, 1, 'interfaces.list', {});
    expect(list.ok).toBe(true);
    expect(list.value.some((i: { name: string }) => i.name === 'lo')).toBe(true);
    expect(await call(ws, 2, 'shell.exec', { cmd: 'id' })).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'unknown channel "shell.exec"' },
    });
    const hostile = await call(ws, 3, 'throughput.start', { iface: 'ppp0; rm -rf /' });
    expect(hostile.ok).toBe(false);
    expect(hostile.error.code).toBe('invalid-request');
    const traversal = await call(ws, 4, 'throughput.start', { iface: '..' });
    expect(traversal.error.code).toBe('invalid-request');
    const extra = await call(ws, 5, 'throughput.start', { iface: 'lo', intervalMs: 50 });
    expect(extra.error.message).toMatch(/intervalMs/);
    const missing = await call(ws, 6, 'throughput.start', { iface: 'nosuch0' });
    expect(missing).toEqual({ ok: false, error: { code: 'failed', message: 'interface nosuch0 does not exist' } });
    ws.close();
  });

  it('streams stamped sample batches and stops the session when the socket closes', async () => {
    const ws = await connect(`ws://127.0.0.1:${server.port}/${server.token}/ws`, `http://127.0.0.1:${server.port}`);
    const batches: Array<{ sessionId: string; seq: number; samples: unknown[] }> = [];
    ws.on('message', (d) => {
      const frame = JSON.parse(d.toString());
      if (frame.kind === 'push' && frame.channel === 'throughput.batch') batches.push(frame.payload);
    });
    const started = await call(ws, 1, 'throughput.start', { iface: 'lo', intervalMs: 100 });
    expect(started.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 700));
    const mine = batches.filter((b) => b.sessionId === started.value.sessionId);
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.map((b) => b.seq)).toEqual(mine.map((_, i) => i));
    ws.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(backend.throughput.stop(started.value.sessionId)).toBe(false); // already stopped with its client
  });
});
