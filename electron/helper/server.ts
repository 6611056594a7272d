import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { OP_NAMES, parseOpRequest, type OpResult } from '../../shared/ops/catalogue';
import { encodeFrame, FrameDecoder, MAX_REQUEST_FRAME_BYTES, MAX_RESPONSE_FRAME_BYTES } from '../../shared/ops/frames';
import { clientMessageSchema, HELPER_PROTOCOL_VERSION, type HelperMessage } from '../../shared/ops/protocol';
import { createCancelSource } from '../../shared/ops/runner';
import { auditRecordOf, type AuditLog } from '../ops/auditLog';
import { CaptureRegistry } from '../ops/capture';
import { failedResult, refusedResult } from '../ops/result';
import { runOperation, type RunOperationOptions } from '../ops/run';
import { SecretWitness } from '../ops/secretWitness';

export interface HelperServerOptions {
  socketPath: string;
  token: string;
  auditLog: AuditLog;
  /** Opens another audit log when the client switches (with the auditor's rights). */
  openAuditLog?: (path: string) => Promise<AuditLog>;
  captures: CaptureRegistry;
  /** Called once when the helper should exit (client gone, idle, shutdown asked). */
  onShutdown: (reason: string) => void;
  idleTimeoutMs?: number;
  /** How long an unauthenticated connection may stay before its hello. */
  helloTimeoutMs?: number;
  /** How long a started frame may stay incomplete before it counts as truncated. */
  frameTimeoutMs?: number;
  /** Operations running at once; more wait in a queue. */
  maxInFlight?: number;
  /** Requests accepted (running + waiting) before new ones are refused as busy. */
  maxQueued?: number;
  maxConnections?: number;
  /**
   * Reply bytes a client may leave unread: past half of it the helper stops reading that
   * client's requests (until it drains), past all of it the client is cut off. Default 192 MiB,
   * above the largest single reply frame.
   */
  maxUnreadReplyBytes?: number;
  /** What executes a validated request (the real operations; a test may watch them). */
  run?: (request: unknown, options: RunOperationOptions) => Promise<OpResult>;
}

export const DEFAULT_MAX_UNREAD_REPLY_BYTES = MAX_RESPONSE_FRAME_BYTES + 32 * 1024 * 1024;

interface Conn {
  socket: Socket;
  decoder: FrameDecoder;
  authenticated: boolean;
  frameTimer: NodeJS.Timeout | null;
  helloTimer: NodeJS.Timeout | null;
  /** Reading stopped because the client left too many replies unread. */
  throttled: boolean;
}

/**
 * The helper's socket server. Every byte from a client is untrusted: frames are capped, the
 * first message must be `hello` with the one-time token, every request is validated against the
 * operation catalogue HERE, and every refusal is a clear error frame. Nothing a client sends
 * can make this process exit except the authenticated client's own `shutdown` or disconnect.
 */
export class HelperServer {
  private readonly server: Server;
  private readonly connections = new Set<Conn>();
  private tokenUsed = false;
  private owner: Conn | null = null;
  /** Accepted requests (running or waiting for a slot), by id. */
  private readonly inFlight = new Map<number, { cancel(): void }>();
  /** The secrets read for each request still being answered: its frames are checked against them. */
  private readonly witnesses = new Map<number, SecretWitness>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly token: Buffer;
  private currentAuditLog: AuditLog;
  /** Set by the entry point to stop its "nobody authenticated" timer. */
  onAuthenticated: (() => void) | null = null;

  constructor(private readonly options: HelperServerOptions) {
    this.token = Buffer.from(options.token, 'utf8');
    this.currentAuditLog = options.auditLog;
    this.server = createServer({ allowHalfOpen: false }, (socket) => this.accept(socket));
    this.server.on('error', (e) => this.shutdown(`socket server error: ${e.message}`));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.socketPath, () => {
        this.server.off('error', reject);
        this.armIdle();
        resolve();
      });
    });
  }

  shutdown(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const c of this.inFlight.values()) c.cancel();
    this.server.close();
    for (const conn of this.connections) conn.socket.destroy();
    this.options.onShutdown(reason);
  }

  private accept(socket: Socket): void {
    if (this.closed || this.connections.size >= (this.options.maxConnections ?? 16)) {
      socket.on('error', () => socket.destroy());
      socket.end(encodeFrame({ type: 'error', id: null, message: 'too many connections' }));
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    const conn: Conn = {
      socket,
      decoder: new FrameDecoder(MAX_REQUEST_FRAME_BYTES),
      authenticated: false,
      frameTimer: null,
      helloTimer: null,
      throttled: false,
    };
    this.connections.add(conn);
    conn.helloTimer = setTimeout(
      () => this.refuse(conn, null, `no hello within ${Math.round((this.options.helloTimeoutMs ?? 10_000) / 1000)} s`, true),
      this.options.helloTimeoutMs ?? 10_000,
    );
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onClose(conn));
    socket.on('drain', () => {
      if (!conn.throttled) return;
      conn.throttled = false;
      socket.resume();
    });
  }

  private onData(conn: Conn, chunk: Buffer): void {
    const frames = conn.decoder.push(chunk);
    for (const frame of frames) {
      if (!frame.ok) {
        // The authenticated client is told and goes on (an oversized frame is skipped by
        // counting its bytes); an unauthenticated peer sending garbage is closed.
        this.refuse(conn, null, frame.error, !conn.authenticated);
        if (!conn.authenticated) return;
        continue;
      }
      this.onMessage(conn, frame.message);
      if (conn.socket.destroyed) return;
    }
    this.armFrameTimer(conn);
  }

  /**
   * A frame that starts but does not complete in time is reported as truncated; its bytes are
   * dropped (the authenticated client goes on with its next frame), other peers are closed.
   */
  private armFrameTimer(conn: Conn): void {
    if (conn.frameTimer) clearTimeout(conn.frameTimer);
    conn.frameTimer = null;
    if (conn.decoder.pendingBytes === 0 && conn.decoder.skippingBytes === 0) return;
    conn.frameTimer = setTimeout(() => {
      conn.frameTimer = null;
      const expected = conn.decoder.expectedBytes;
      const message =
        conn.decoder.skippingBytes > 0
          ? `truncated frame: ${conn.decoder.skippingBytes} bytes of an oversized frame never arrived`
          : `truncated frame: received ${conn.decoder.pendingBytes} of ${expected ?? 'at least 4'} bytes`;
      conn.decoder.discardPending();
      this.refuse(conn, null, message, !conn.authenticated);
    }, this.options.frameTimeoutMs ?? 3000);
  }

  private onMessage(conn: Conn, raw: unknown): void {
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const type = typeof (raw as { type?: unknown } | null)?.type === 'string' ? (raw as { type: string }).type : null;
      this.refuse(
        conn,
        null,
        type !== null && !['hello', 'request', 'cancel', 'auditLog', 'shutdown'].includes(type)
          ? `unknown message type ${JSON.stringify(type.slice(0, 40))}`
          : `malformed message: ${parsed.error.issues[0]?.path.join('.') || 'message'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        !conn.authenticated,
      );
      return;
    }
    const message = parsed.data;
    if (!conn.authenticated) {
      if (message.type !== 'hello') return this.refuse(conn, null, 'not authenticated: send hello with the token first', true);
      return this.hello(conn, message.token, message.protocol);
    }
    switch (message.type) {
      case 'hello':
        return this.refuse(conn, null, 'already authenticated');
      case 'request':
        return void this.request(conn, message.id, message.request);
      case 'cancel':
        this.inFlight.get(message.id)?.cancel();
        return;
      case 'auditLog':
        return void this.switchAuditLog(conn, message.id, message.path);
      case 'shutdown':
        return this.shutdown('shutdown requested by the client');
    }
  }

  private hello(conn: Conn, token: string, protocol: number): void {
    const given = Buffer.from(token, 'utf8');
    const matches = given.length === this.token.length && timingSafeEqual(given, this.token);
    if (this.tokenUsed) return this.refuse(conn, null, 'authentication failed: the session token was already used', true);
    if (!matches) return this.refuse(conn, null, 'authentication failed: wrong token', true);
    if (protocol !== HELPER_PROTOCOL_VERSION) {
      return this.refuse(conn, null, `protocol ${protocol} not supported (helper speaks ${HELPER_PROTOCOL_VERSION})`, true);
    }
    this.tokenUsed = true;
    conn.authenticated = true;
    this.owner = conn;
    if (conn.helloTimer) clearTimeout(conn.helloTimer);
    conn.helloTimer = null;
    this.onAuthenticated?.();
    this.send(conn, {
      type: 'welcome',
      protocol: HELPER_PROTOCOL_VERSION,
      pid: process.pid,
      euid: process.geteuid?.() ?? -1,
      ops: [...OP_NAMES],
    });
  }

  private async request(conn: Conn, id: number, request: unknown): Promise<void> {
    if (this.inFlight.has(id)) return this.refuse(conn, id, `request id ${id} is already in flight`);
    const maxQueued = this.options.maxQueued ?? 256;
    const parsed = parseOpRequest(request);
    const opName =
      typeof (request as { op?: unknown } | null)?.op === 'string' ? String((request as { op: string }).op).slice(0, 40) : '?';
    if (!parsed.ok || this.inFlight.size >= maxQueued) {
      const why = !parsed.ok ? `refused: ${parsed.error}` : `refused: busy (${maxQueued} operations already queued)`;
      const result = refusedResult(opName, [], new Date(), why);
      await this.currentAuditLog.append(auditRecordOf(result)).catch(() => undefined);
      this.send(conn, { type: 'result', id, result });
      return;
    }
    const cancel = createCancelSource();
    const secrets = new SecretWitness();
    this.inFlight.set(id, { cancel: cancel.cancel });
    this.witnesses.set(id, secrets);
    this.touch();
    let result: OpResult;
    try {
      await this.slot();
      result = cancel.token.cancelled
        ? failedResult(parsed.request.op, [], new Date(), 'cancelled before it started')
        : await (this.options.run ?? runOperation)(parsed.request, {
            captures: this.options.captures,
            cancel: cancel.token,
            secrets,
            onLine: (line) => this.send(conn, { type: 'line', id, stream: line.stream, line: line.line }),
          });
      // Before the audit log: the record describes the reply actually sent.
      result = secrets.filter(result);
    } finally {
      this.release();
      this.inFlight.delete(id);
      this.touch();
    }
    try {
      await this.currentAuditLog.append(auditRecordOf(result));
    } catch (e) {
      // The evidence would be incomplete: tell the client instead of pretending.
      result = { ...result, error: `${result.error ? `${result.error}; ` : ''}audit log write failed: ${(e as Error).message}` };
    }
    this.send(conn, { type: 'result', id, result });
    this.witnesses.delete(id);
  }

  /** The audit log in use (the entry point closes it on exit). */
  get auditLog(): AuditLog {
    return this.currentAuditLog;
  }

  private async switchAuditLog(conn: Conn, id: number, path: string): Promise<void> {
    if (!this.options.openAuditLog) return this.refuse(conn, id, 'this helper can not switch its audit log');
    try {
      const next = await this.options.openAuditLog(path);
      const previous = this.currentAuditLog;
      this.currentAuditLog = next;
      await previous.close().catch(() => undefined);
      this.send(conn, { type: 'auditLogSet', id, path });
    } catch (e) {
      this.refuse(conn, id, `cannot open audit log ${path.slice(0, 200)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  /** Waits for one of the maxInFlight execution slots. */
  private slot(): Promise<void> {
    if (this.running < (this.options.maxInFlight ?? 8)) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => resolve()));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private refuse(conn: Conn, id: number | null, message: string, close = false): void {
    this.send(conn, { type: 'error', id, message });
    if (close) {
      conn.socket.end();
      // end() waits for the peer; a hostile peer that never reads is cut off.
      setTimeout(() => conn.socket.destroy(), 1000).unref();
    }
  }

  /**
   * The one way out of the helper. Last line: a frame for a request that read secrets is
   * serialised and checked against them; a frame carrying one is replaced by a refusal.
   * Then the client's unread replies are bounded (see maxUnreadReplyBytes).
   */
  private send(conn: Conn, message: HelperMessage): void {
    if (conn.socket.destroyed || conn.socket.writableEnded) return;
    const id = 'id' in message && typeof message.id === 'number' ? message.id : null;
    const witness = id === null ? undefined : this.witnesses.get(id);
    if (witness && !witness.empty && witness.foundIn(JSON.stringify(message))) {
      message =
        message.type === 'result'
          ? { type: 'result', id: message.id, result: witness.filter(message.result) }
          : { type: 'error', id, message: witness.refusal() };
    }
    conn.socket.write(encodeFrame(message));
    this.bound(conn);
  }

  /** A client that stops reading its replies must not make the helper buffer without end. */
  private bound(conn: Conn): void {
    const max = this.options.maxUnreadReplyBytes ?? DEFAULT_MAX_UNREAD_REPLY_BYTES;
    const unread = conn.socket.writableLength;
    if (unread > max) {
      process.stderr.write(`pptp-auditor helper: client left ${unread} reply bytes unread (max ${max}); disconnecting it\n`);
      // Nothing more can be told to a client that does not read: it is cut off (the owner's
      // disconnect ends the helper, as for any departure of the app).
      conn.socket.destroy();
      return;
    }
    if (unread > max / 2 && !conn.throttled) {
      // No new requests from it until it has read: its own backlog stops growing.
      conn.throttled = true;
      conn.socket.pause();
    }
  }

  private onClose(conn: Conn): void {
    if (conn.frameTimer) clearTimeout(conn.frameTimer);
    if (conn.helloTimer) clearTimeout(conn.helloTimer);
    this.connections.delete(conn);
    // The app that elevated us is gone (or closed its session): nothing may reuse the helper.
    if (conn === this.owner) this.shutdown('client disconnected');
  }

  private touch(): void {
    this.armIdle();
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const ms = this.options.idleTimeoutMs ?? 30 * 60_000;
    this.idleTimer = setTimeout(() => {
      if (this.inFlight.size > 0 || this.options.captures.runningCount() > 0) return this.armIdle();
      this.shutdown(`idle for ${Math.round(ms / 1000)} s`);
    }, ms);
    this.idleTimer.unref?.();
  }
}
