import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Backend } from '../backend/backend';
import { readStatic } from './staticFiles';
import { RENDERER_CSP } from '../../shared/ipc/csp';
import { admitRequest } from './requestGate';
import { serveClient } from './clientConnection';
import { DEFAULT_LOOPBACK_LIMITS, type LoopbackLimits } from './limits';
import { serveDownload } from './downloads';
import type { RenderedMetrics } from '../metrics/openMetrics';

/** What the binding needs of the backend (narrow, so a benchmark can stand in a synthetic feed). */
export type BackendPort = Pick<Backend, 'dispatch' | 'hub' | 'clientGone'> & Partial<Pick<Backend, 'audits'>>;

export interface LoopbackServerOptions {
  backend: BackendPort;
  rendererRoot: string;
  port?: number;
  /** Fixed token for tests; a random 256-bit one otherwise. */
  token?: string;
  /** Tighter bounds for tests; the defaults otherwise. */
  limits?: Partial<LoopbackLimits>;
  /** /metrics for a Prometheus scrape with this bearer token (none when absent). */
  metrics?: { token: string; render: () => Promise<RenderedMetrics> };
  /** Where dropped clients and protocol violations are reported (stderr by default). */
  log?: (line: string) => void;
}

export interface RunningLoopbackServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const ignore = () => {};

function answer(res: ServerResponse, status: number, message: string, close = true): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(status === 204 ? undefined : `${message}\n`);
}

/** Refuses an upgrade (or CONNECT) on the raw socket, which Node has handed over: HTTP by hand. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) return void socket.destroy();
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The second binding of the IPC contract: the same renderer, in any browser, against the same
 * backend. Listens on 127.0.0.1 only; every path lives under /<token>/ and anything without
 * the token is refused, so another local user or a web page cannot drive the backend. Host
 * and Origin are checked too (DNS rebinding). Input never ends the server: requests are
 * parsed without throwing (requestGate.ts), every socket has an error listener, and what a
 * client can consume is bounded (limits.ts).
 */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<RunningLoopbackServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const limits: LoopbackLimits = { ...DEFAULT_LOOPBACK_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { backend } = options;
  let port = 0;
  const keys = () => ({ token, port, ...(options.metrics ? { metricsToken: options.metrics.token } : {}) });

  // Connections past the bound are still answered (503, closed) so their client learns why;
  // maxConnections below is the hard stop for a flood that never sends a request.
  const sockets = new Set<Socket>();
  const overLimit = new WeakSet<Socket>();

  const serveFile = async (req: IncomingMessage, res: ServerResponse) => {
    if (overLimit.has(req.socket)) return answer(res, 503, `too many connections (${limits.maxConnections} open)`);
    const verdict = admitRequest(req, keys(), false);
    if (!verdict.ok) return answer(res, verdict.status, verdict.message);
    if (verdict.kind === 'favicon') return answer(res, 204, '', false);
    if (req.method !== 'GET') return answer(res, 405, 'only GET is served');
    if (verdict.kind === 'metrics') {
      const metrics = await options.metrics!.render();
      res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      return void res.end(metrics.body);
    }
    // Downloads (report PDF, bundle as a zip) pass the same token/Host gate as every page.
    if (verdict.segments[0] === 'download') {
      const refused = backend.audits ? serveDownload(res, backend.audits, verdict.segments.slice(1)) : { status: 404 as const, message: 'not found' };
      if (refused) answer(res, refused.status, refused.message, false);
      return;
    }
    const file = await readStatic(options.rendererRoot, verdict.segments);
    if (!file) return answer(res, 404, 'not found', false);
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': RENDERER_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(file.body);
  };

  const server: Server = createServer(
    // Idle or trickling connections are closed instead of held (slowloris).
    { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 2_000 },
    (req, res) => {
      req.on('error', ignore);
      res.on('error', ignore);
      serveFile(req, res).catch((error: unknown) => {
        log(`loopback request failed: ${error instanceof Error ? error.message : String(error)}`);
        if (res.headersSent) res.destroy();
        else answer(res, 500, 'internal error');
      });
    },
  );
  server.maxConnections = limits.maxConnections * 4;
  server.on('connection', (socket) => {
    socket.on('error', ignore);
    if (sockets.size >= limits.maxConnections) overLimit.add(socket);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('error', (error) => log(`loopback server: ${error.message}`));

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  wss.on('error', (error) => log(`loopback server: ${error.message}`));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', ignore);
    try {
      if (overLimit.has(req.socket)) return refuseUpgrade(socket, 503, `too many connections (${limits.maxConnections} open)`);
      const verdict = admitRequest(req, keys(), true);
      if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.message);
      if (verdict.kind !== 'app' || verdict.segments.join('/') !== 'ws') return refuseUpgrade(socket, 404, 'not found');
      if (wss.clients.size >= limits.maxClients) {
        return refuseUpgrade(socket, 503, `too many clients (${limits.maxClients} connected): close another tab`);
      }
      wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, backend, limits, log));
    } catch (error) {
      log(`loopback upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    }
  });

  // Without a listener Node drops a CONNECT silently; answer it like any other refusal.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', ignore);
    const verdict = admitRequest(req, keys(), false);
    if (!verdict.ok) refuseUpgrade(socket, verdict.status, verdict.message);
    else refuseUpgrade(socket, 405, 'CONNECT is not served');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
