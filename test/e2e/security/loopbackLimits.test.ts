import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Backend } from '../../../electron/backend/backend';
import { PushHub } from '../../../electron/backend/pushHub';
import type { CallContext } from '../../../electron/backend/dispatcher';
import { startLoopbackServer, type BackendPort, type RunningLoopbackServer } from '../../../electron/server/loopbackServer';
import type { LoopbackLimits } from '../../../electron/server/limits';
import type { Envelope } from '../../../shared/ipc/define';
import { closeCodeOf, exchange, httpGet, rawHandshake, readFrames, statusOf, upgradeRequest } from './loopbackPeer';

/**
 * Each bound of the loopback server, reached on purpose against the real server in-process:
 * the client that reaches it gets a clear refusal, and the others keep working.
 */

const rendererRoot = mkdtempSync(path.join(tmpdir(), 'pa-limits-renderer-'));
writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>x</title>');

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(backend: BackendPort, limits: Partial<LoopbackLimits> = {}, log: (line: string) => void = () => {}) {
  const server = await startLoopbackServer({ backend, rendererRoot, limits, log });
  cleanups.push(() => server.close());
  return server;
}

interface Client {
  ws: WebSocket;
  frames: Array<{ kind: string; id?: number; envelope?: Envelope<unknown>; channel?: string; payload?: unknown }>;
  call(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  /** Resolves once a received frame satisfies `test` (frames already received count). */
  until(test: (frame: Client['frames'][number]) => boolean): Promise<void>;
}

let nextId = 1;
async function client(server: RunningLoopbackServer): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/${server.token}/ws`, { origin: `http://127.0.0.1:${server.port}` });
  cleanups.push(() => ws.terminate());
  const frames: Client['frames'] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const until = async (test: (frame: Client['frames'][number]) => boolean) => {
    while (!frames.some(test)) await new Promise<void>((wake) => waiters.push(wake));
  };
  const call = async (channel: string, payload: unknown) => {
    const id = nextId++;
    ws.send(JSON.stringify({ id, channel, payload }));
    await until((f) => f.kind === 'reply' && f.id === id);
    return frames.find((f) => f.kind === 'reply' && f.id === id)!.envelope!;
  };
  return { ws, frames, call, until };
}

/** A stand-in backend: `dispatch` answers echo, or waits on `hold` for the 'hold' channel. */
function standIn() {
  const hub = new PushHub();
  const gone: string[] = [];
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const backend: BackendPort = {
    hub,
    clientGone: (clientId: string) => void gone.push(clientId),
    dispatch: async (channel: unknown, payload: unknown, _context: CallContext) => {
      if (channel === 'hold') await held;
      return { ok: true, value: payload };
    },
  };
  return { backend, hub, gone, release: () => release() };
}

describe('loopback server limits', () => {
  it('the reported request targets do not end an in-process server (the PDF printer runs this one)', async () => {
    const { backend } = standIn();
    const server = await start(backend);
    for (const target of ['//', '///', '//:', '//[', '//%zz', '//@']) {
      const plain = await exchange(server.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      expect(statusOf(plain.response)).toBe(403);
      const upgrade = await exchange(server.port, upgradeRequest(server.port, target));
      expect(statusOf(upgrade.response)).toBe(403);
    }
    expect(await httpGet(server.port, 'index.html', server.token)).toBe(200);
  });

  it('answers /favicon.ico with 204, not 403, and still checks the Host', async () => {
    const { backend } = standIn();
    const server = await start(backend);
    expect(await httpGet(server.port, '', server.token, '/favicon.ico')).toBe(204);
    const foreign = await exchange(server.port, 'GET /favicon.ico HTTP/1.1\r\nHost: evil.example\r\n\r\n');
    expect(statusOf(foreign.response)).toBe(403);
  });

  it('refuses the 9th sampler of a client with a clear error while its first 8 keep streaming', async () => {
    const backend = new Backend(() => {});
    cleanups.push(() => backend.dispose());
    const server = await start(backend);
    const greedy = await client(server);
    const sessions: string[] = [];
    for (let i = 0; i < 8; i++) {
      const started = await greedy.call('throughput.start', { iface: 'lo', intervalMs: 100 });
      expect(started.ok).toBe(true);
      sessions.push((started as { value: { sessionId: string } }).value.sessionId);
    }
    const ninth = await greedy.call('throughput.start', { iface: 'lo', intervalMs: 100 });
    expect(ninth).toEqual({
      ok: false,
      error: { code: 'failed', message: 'refused: this client already runs 8 throughput samplers (the limit); stop one first' },
    });
    // After the refusal, every one of the 8 still delivers new batches.
    const seen = greedy.frames.length;
    for (const sessionId of sessions) {
      await greedy.until(
        (f) => greedy.frames.indexOf(f) >= seen && f.channel === 'throughput.batch' && (f.payload as { sessionId: string }).sessionId === sessionId,
      );
    }
    // The bound is per client: another client still gets its sampler.
    const other = await client(server);
    expect((await other.call('throughput.start', { iface: 'lo', intervalMs: 100 })).ok).toBe(true);
    // And a client cannot stop a sampler it does not own (session ids are pushed to all).
    expect(await other.call('throughput.stop', { sessionId: sessions[0] })).toEqual({ ok: true, value: { stopped: false } });
    expect(await greedy.call('throughput.stop', { sessionId: sessions[0] })).toEqual({ ok: true, value: { stopped: true } });
  });

  it('refuses a WebSocket client over the bound with 503 and a reason; the connected ones keep working', async () => {
    const { backend } = standIn();
    const server = await start(backend, { maxClients: 16 });
    const connected = await Promise.all(Array.from({ length: 16 }, () => client(server)));
    const refused = await exchange(server.port, upgradeRequest(server.port, `/${server.token}/ws`));
    expect(statusOf(refused.response)).toBe(503);
    expect(refused.response.toString()).toContain('too many clients (16 connected)');
    for (const [i, c] of connected.entries()) expect(await c.call('echo', { i })).toEqual({ ok: true, value: { i } });
    // A freed place is taken again.
    const gone = new Promise((resolve) => connected[0]!.ws.once('close', resolve));
    connected[0]!.ws.close();
    await gone;
    let again: Client | null = null;
    while (!again) again = await client(server).catch(() => null);
    expect(await again.call('echo', 1)).toEqual({ ok: true, value: 1 });
  });

  it('answers connections over the bound with 503 while a connected client keeps its replies', async () => {
    const { backend } = standIn();
    const server = await start(backend, { maxConnections: 8 });
    const app = await client(server);
    const idle: Socket[] = await Promise.all(
      Array.from({ length: 7 }, () => new Promise<Socket>((resolve) => {
        const s = connect(server.port, '127.0.0.1', () => resolve(s));
        s.on('error', () => {});
      })),
    );
    const over = await exchange(server.port, `GET /${server.token}/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    expect(statusOf(over.response)).toBe(503);
    expect(over.response.toString()).toContain('too many connections (8 open)');
    const overUpgrade = await exchange(server.port, upgradeRequest(server.port, `/${server.token}/ws`));
    expect(statusOf(overUpgrade.response)).toBe(503);
    expect(await app.call('echo', 'still here')).toEqual({ ok: true, value: 'still here' });
    await Promise.all(idle.map((s) => new Promise((resolve) => (s.once('close', resolve), s.destroy()))));
    let status = 0;
    while (status !== 200) status = await httpGet(server.port, 'index.html', server.token);
  });

  it('drops a client that stops reading, with close code 1008, while another keeps receiving everything', async () => {
    const { backend, hub, gone } = standIn();
    const logged: string[] = [];
    const server = await start(backend, { maxQueuedBytes: 1024 * 1024 }, (line) => logged.push(line));
    const reader = await client(server);
    const stalled = await rawHandshake(server.port, server.token);
    stalled.socket.pause();
    const chunk = 'x'.repeat(256 * 1024);
    let sent = 0;
    // Each push waits until the reading client has it, so only the stalled one falls behind.
    while (!logged.some((l) => l.includes('dropped')) && sent < 1000) {
      hub.emit('throughput.batch', { sessionId: 's', seq: sent, samples: [chunk] as never });
      const seq = sent;
      await reader.until((f) => f.kind === 'push' && (f.payload as { seq: number }).seq === seq);
      sent += 1;
    }
    console.log(`slow client dropped after ${sent} pushes of 256 KiB (${sent / 4} MiB; kernel socket buffers took the rest)`);
    expect(logged.find((l) => l.includes('dropped'))).toMatch(/client too slow: over 1048576 bytes queued/);
    expect(gone).toHaveLength(1); // its resources were released at once, not at socket close
    expect(reader.frames.filter((f) => f.kind === 'push')).toHaveLength(sent);
    // The stalled client, reading again, finds its backlog ended by a close frame saying why.
    stalled.socket.resume();
    let bytes = stalled.rest;
    await new Promise<void>((resolve) => {
      stalled.socket.on('data', (d: Buffer) => {
        bytes = Buffer.concat([bytes, d]);
        if (closeCodeOf(readFrames(bytes))) resolve();
      });
    });
    stalled.socket.destroy();
    expect(closeCodeOf(readFrames(bytes))).toEqual({ code: 1008, reason: 'client too slow: over 1048576 bytes queued' });
    // Pushes after the drop still reach the reader, and it can still call.
    hub.emit('throughput.batch', { sessionId: 's', seq: sent, samples: [] });
    await reader.until((f) => f.kind === 'push' && (f.payload as { seq: number }).seq === sent);
    expect(await reader.call('echo', 'ok')).toEqual({ ok: true, value: 'ok' });
  });

  it('refuses requests over the in-flight bound of one client, not those of another', async () => {
    const { backend, release } = standIn();
    const server = await start(backend, { maxInFlight: 32 });
    const busy = await client(server);
    const ids: number[] = [];
    for (let i = 0; i < 33; i++) {
      const id = nextId++;
      ids.push(id);
      busy.ws.send(JSON.stringify({ id, channel: 'hold', payload: i }));
    }
    await busy.until((f) => f.id === ids[32]);
    expect(busy.frames.find((f) => f.id === ids[32])!.envelope).toEqual({
      ok: false,
      error: { code: 'failed', message: 'refused: 32 requests of this client are still running; wait for their replies' },
    });
    const other = await client(server);
    expect(await other.call('echo', 'unaffected')).toEqual({ ok: true, value: 'unaffected' });
    release();
    for (const id of ids.slice(0, 32)) await busy.until((f) => f.id === id);
    expect(busy.frames.filter((f) => f.envelope?.ok)).toHaveLength(32);
  });

  it('runs at most 4 ip processes for 256 simultaneous interface listings; the rest wait or are refused clearly', async () => {
    const backend = new Backend(() => {});
    cleanups.push(() => backend.dispose());
    const server = await start(backend);
    const clients = await Promise.all(Array.from({ length: 16 }, () => client(server)));
    const replies = await Promise.all(
      clients.flatMap((c) => Array.from({ length: 16 }, () => c.call('interfaces.list', {}))),
    );
    const ok = replies.filter((r) => r.ok);
    const refused = replies.filter((r) => !r.ok);
    expect(ok.length).toBeGreaterThanOrEqual(4 + 64);
    for (const r of refused) {
      expect(r).toEqual({ ok: false, error: { code: 'failed', message: 'busy: 4 ip processes running and 64 waiting; try again in a moment' } });
    }
    expect(backend.ipProcesses.stats()).toEqual({ running: 0, waiting: 0, peak: 4 });
    expect(await clients[0]!.call('interfaces.list', {})).toMatchObject({ ok: true });
  });

  it('closes a client whose message is over the size bound with 1009; another is untouched', async () => {
    const { backend } = standIn();
    const server = await start(backend, { maxMessageBytes: 64 * 1024 });
    const other = await client(server);
    const big = await client(server);
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.ws.send(JSON.stringify({ id: 1, channel: 'echo', payload: 'x'.repeat(65 * 1024) }));
    expect(await closed).toBe(1009);
    expect(await other.call('echo', randomUUID().length)).toEqual({ ok: true, value: 36 });
  });
});
