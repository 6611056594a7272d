import { connect, type Socket } from 'node:net';
import type { OpRequest, OpResult } from '../../shared/ops/catalogue';
import { encodeFrame, FrameDecoder, MAX_RESPONSE_FRAME_BYTES } from '../../shared/ops/frames';
import { HELPER_PROTOCOL_VERSION, helperMessageSchema, type HelperMessage } from '../../shared/ops/protocol';
import type { RunOptions, Runner } from '../../shared/ops/runner';

interface PendingSwitch {
  resolve(): void;
  reject(error: Error): void;
}

interface Pending {
  resolve(result: OpResult): void;
  reject(error: Error): void;
  options: RunOptions;
}

export class HelperGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelperGoneError';
  }
}

/**
 * The main process's side of the helper socket: a Runner whose operations execute in the
 * privileged helper. Results are validated on arrival too (the helper is trusted, the bytes on
 * a socket are only bytes).
 */
export class HelperClient implements Runner {
  readonly kind = 'helper' as const;
  private readonly pending = new Map<number, Pending>();
  private readonly switches = new Map<number, PendingSwitch>();
  private nextId = 1;
  private gone: string | null = null;
  /** Called once when the connection ends (helper exited, killed, idle). */
  onClose: ((reason: string) => void) | null = null;

  private constructor(
    private readonly socket: Socket,
    readonly helperPid: number,
    readonly helperEuid: number,
  ) {}

  static connect(socketPath: string, token: string, timeoutMs = 10_000): Promise<HelperClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      const decoder = new FrameDecoder(MAX_RESPONSE_FRAME_BYTES);
      let client: HelperClient | null = null;
      const timer = setTimeout(() => fail('the helper did not answer the hello in time'), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new HelperGoneError(why));
      };
      socket.on('connect', () => socket.write(encodeFrame({ type: 'hello', token, protocol: HELPER_PROTOCOL_VERSION })));
      socket.on('error', (e) => {
        if (client) client.end(`helper connection error: ${e.message}`);
        else fail(`cannot connect to the helper: ${e.message}`);
      });
      socket.on('close', () => {
        if (client) client.end('the helper closed the connection');
        else fail('the helper closed the connection before welcoming us');
      });
      socket.on('data', (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) {
          if (!frame.ok) {
            if (client) client.end(`bad frame from the helper: ${frame.error}`);
            else fail(`bad frame from the helper: ${frame.error}`);
            return;
          }
          const parsed = helperMessageSchema.safeParse(frame.message);
          if (!parsed.success) continue;
          const message = parsed.data;
          if (client) {
            client.dispatch(message);
          } else if (message.type === 'welcome') {
            clearTimeout(timer);
            client = new HelperClient(socket, message.pid, message.euid);
            resolve(client);
          } else if (message.type === 'error') {
            fail(`the helper refused us: ${message.message}`);
          }
        }
      });
    });
  }

  run(request: OpRequest, options: RunOptions = {}): Promise<OpResult> {
    if (this.gone !== null) return Promise.reject(new HelperGoneError(this.gone));
    const id = this.nextId++;
    return new Promise<OpResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, options });
      options.cancel?.onCancel(() => {
        if (this.pending.has(id)) this.send({ type: 'cancel', id });
      });
      this.send({ type: 'request', id, request });
    });
  }

  async setAuditLog(path: string): Promise<void> {
    if (this.gone !== null) throw new HelperGoneError(this.gone);
    const id = this.nextId++;
    await new Promise<void>((resolve, reject) => {
      this.switches.set(id, { resolve, reject });
      this.send({ type: 'auditLog', id, path });
    });
  }

  /** Asks the helper to exit and waits for the connection to end. */
  async close(): Promise<void> {
    if (this.gone !== null) return;
    const closed = new Promise<void>((r) => this.socket.once('close', () => r()));
    this.send({ type: 'shutdown' });
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), 3000);
    await closed;
    clearTimeout(timer);
  }

  get closed(): boolean {
    return this.gone !== null;
  }

  private send(message: unknown): void {
    if (!this.socket.destroyed && !this.socket.writableEnded) this.socket.write(encodeFrame(message));
  }

  private dispatch(message: HelperMessage): void {
    switch (message.type) {
      case 'line': {
        const p = this.pending.get(message.id);
        try {
          p?.options.onLine?.({ stream: message.stream, line: message.line });
        } catch {
          // a failing listener must not break the connection
        }
        return;
      }
      case 'result': {
        const p = this.pending.get(message.id);
        if (!p) return;
        this.pending.delete(message.id);
        p.resolve(message.result);
        return;
      }
      case 'auditLogSet': {
        const s = this.switches.get(message.id);
        this.switches.delete(message.id);
        s?.resolve();
        return;
      }
      case 'error': {
        if (message.id === null) return;
        const s = this.switches.get(message.id);
        if (s) {
          this.switches.delete(message.id);
          s.reject(new Error(`helper: ${message.message}`));
          return;
        }
        const p = this.pending.get(message.id);
        if (!p) return;
        this.pending.delete(message.id);
        p.reject(new Error(`helper: ${message.message}`));
        return;
      }
      case 'welcome':
        return;
    }
  }

  private end(reason: string): void {
    if (this.gone !== null) return;
    this.gone = reason;
    this.socket.destroy();
    for (const p of this.pending.values()) p.reject(new HelperGoneError(reason));
    for (const s of this.switches.values()) s.reject(new HelperGoneError(reason));
    this.pending.clear();
    this.switches.clear();
    this.onClose?.(reason);
  }
}
