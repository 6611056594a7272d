import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Backend } from '../backend/backend';
import { readStatic } from './staticFiles';
import { RENDERER_CSP } from '../../shared/ipc/csp';
import { clientFrameSchema, type ServerFrame } from '../../shared/ipc/loopbackFrames';

/** What the binding needs of the backend (narrow, so a benchmark can stand in a synthetic feed). */
export type BackendPort = Pick<Backend, 'dispatch' | 'hub' | 'clientGone'>;

export interface LoopbackServerOptions {
  backend: BackendPort;
  rendererRoot: string;
  port?: number;
  /** Fixed token for tests; a random 256-bit one otherwise. */
  token?: string;
}

export interface RunningLoopbackServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 1024 * 1024;

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The second binding of the IPC contract: the same renderer, in any browser, against the same
 * backend. Listens on 127.0.0.1 only; every path lives under /<token>/ and anything without
 * the token is refused, so another local user or a web page cannot drive the backend. Host
 * and Origin are checked too (DNS rebinding).
 */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<RunningLoopbackServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const { backend } = options;
  let port = 0;

  const hostAllowed = (req: IncomingMessage) =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, first, ...rest] = url.pathname.split('/');
    if (!hostAllowed(req) || first === undefined || !sameToken(first, token)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    const file = await readStatic(options.rendererRoot, rest.join('/'));
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': RENDERER_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originAllowed =
      origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (!hostAllowed(req) || !originAllowed || url.pathname !== `/${token}/ws`) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws));
  });

  const attachClient = (ws: WebSocket) => {
    const clientId = randomUUID();
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = backend.hub.subscribe((channel, payload) => send({ kind: 'push', channel, payload }));
    ws.on('message', async (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return;
      }
      const frame = clientFrameSchema.safeParse(parsed);
      if (!frame.success) return;
      const envelope = await backend.dispatch(frame.data.channel, frame.data.payload, {
        binding: 'loopback',
        clientId,
      });
      send({ kind: 'reply', id: frame.data.id, envelope });
    });
    ws.on('close', () => {
      unsubscribe();
      backend.clientGone(clientId);
    });
  };

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
      }),
  };
}
