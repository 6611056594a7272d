import { gunzipSync } from 'node:zlib';
import type { OpRequest, OpResult } from '../../shared/ops/catalogue';
import { missingToolMessage, planArgv, planOperation, type ExecPlan, type ReadPlan, type ToolName } from '../../shared/ops/plan';
import type { RunOptions, Runner } from '../../shared/ops/runner';
import { AuditLog, auditRecordOf } from '../ops/auditLog';
import { failedResult, refusedResult, sha256Hex, validatedRequest } from '../ops/result';
import type { SshConnection } from './connection';
import { wipePrivilege, type Privilege } from './privilege';
import { checkedSudoPassword } from './sudoPassword';
import { remoteExec, type RemoteExecOutcome } from './remoteExec';
import { chapSummaryFromRemote, fixedFileArgv, parseFileReply } from './remoteFile';
import { RemoteCaptures } from './remoteCapture';
import type { RemoteFacts } from './remoteFacts';
import { RemoteThroughputSampler, type RemoteSamplerOptions } from './remoteSampler';

/** A loss of the gateway connection, its recovery, or a failed attempt to recover it. */
export interface ConnectionEvent {
  type: 'lost' | 'restored' | 'retry-failed';
  at: string;
  detail: string;
}

/** Exit codes that are a measurement, not a failure (ping: 1 = some or all replies missing). */
const OK_EXIT_CODES: Partial<Record<ToolName, number[]>> = { ping: [0, 1] };
const MAX_SECRETS_BYTES = 1024 * 1024;
/** Reads of fixed files are quick; their remote bound. */
const READ_TIMEOUT_S = 30;

/**
 * A Runner whose operations execute on a gateway over SSH. Same catalogue, same validation,
 * same plans (shared/ops/plan.ts) as the local helper: only the argv of a validated plan is
 * sent, quoted by the one quoting function; chap-secrets is summarised on the gateway;
 * results carry the argv as run remotely.
 */
export class RemoteRunner implements Runner {
  readonly kind = 'remote' as const;
  private readonly captures: RemoteCaptures;

  private reconnecting: Promise<SshConnection> | null = null;
  /** Connection losses and recoveries, in order (the audit records them as events). */
  readonly connectionEvents: ConnectionEvent[] = [];
  private readonly eventListeners = new Set<(event: ConnectionEvent) => void>();

  constructor(
    private conn: SshConnection,
    private privilege: Privilege,
    readonly facts: RemoteFacts,
    /** Opens a new connection to the same gateway, same pinned key (after a loss). */
    private readonly reconnect: (() => Promise<SshConnection>) | null = null,
    private auditLog: AuditLog | null = null,
  ) {
    this.captures = new RemoteCaptures(() => this.live(), () => this.privilege);
    this.watchDrop(conn);
  }

  /** How privileged operations run on the gateway (root, sudo-n, sudo-password, none). */
  get privilegeMode(): Privilege['mode'] {
    return this.privilege.mode;
  }

  get connection(): SshConnection {
    return this.conn;
  }

  /** A reconnect is under way (the connection dropped and live() is re-opening it). */
  get reconnectingNow(): boolean {
    return this.reconnecting !== null;
  }

  /** Told of each loss, recovery and failed retry as it is recorded; returns the unsubscribe. */
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  private record(event: ConnectionEvent): void {
    this.connectionEvents.push(event);
    for (const listener of this.eventListeners) listener(event);
  }

  /**
   * sudo's password given after the connection was opened (the GUI's prompt), for an account
   * whose `sudo -n` was refused: checked with `sudo -S` as at connect, kept in memory for this
   * connection only and wiped on close.
   */
  async elevate(password: string): Promise<void> {
    if (this.privilege.mode !== 'none') return;
    this.privilege = await checkedSudoPassword(await this.live(), password);
  }

  private watchDrop(conn: SshConnection): void {
    conn.onDrop((why) => {
      if (!this.closing) this.record({ type: 'lost', at: new Date().toISOString(), detail: why });
    });
  }

  private closing = false;

  /** The connection, re-opened once when it was lost (concurrent callers share the attempt). */
  async live(): Promise<SshConnection> {
    if (this.conn.closedReason === null || this.reconnect === null || this.closing) return this.conn;
    this.reconnecting ??= this.reconnect().then(
      (conn) => {
        this.conn = conn;
        this.watchDrop(conn);
        this.record({ type: 'restored', at: new Date().toISOString(), detail: `reconnected to ${conn.hostKey.fingerprint}` });
        this.reconnecting = null;
        return conn;
      },
      (e: Error) => {
        this.record({ type: 'retry-failed', at: new Date().toISOString(), detail: e.message });
        this.reconnecting = null;
        throw e;
      },
    );
    return this.reconnecting;
  }

  /** A sampler of one gateway interface on a long-lived channel of this connection (see remoteSampler.ts). */
  sampler(options: Omit<RemoteSamplerOptions, 'connection'>): RemoteThroughputSampler {
    return new RemoteThroughputSampler({ ...options, connection: () => this.live() });
  }

  /** A short read of a sysfs/procfs file of the gateway (link speed): text, or an error line. */
  async readSmallFile(path: string): Promise<{ text: string; error?: string }> {
    const r = await remoteExec(await this.live(), ['head', '-c', '64', path], { privilege: { mode: 'none' }, timeoutS: 10, maxOutputBytes: 64 });
    if (r.problem) return { text: '', error: r.problem };
    if (r.exitCode !== 0) return { text: '', error: `${path}: ${r.stderr.trim().split('\n')[0]?.replace(/^head: /, '') ?? `status ${r.exitCode}`}` };
    return { text: r.stdout.toString('utf8') };
  }

  async setAuditLog(path: string): Promise<void> {
    const next = await AuditLog.open(path);
    const previous = this.auditLog;
    this.auditLog = next;
    await previous?.close();
  }

  async run(request: OpRequest, options: RunOptions = {}): Promise<OpResult> {
    const result = await this.runValidated(request, options);
    await this.auditLog?.append(auditRecordOf(result));
    return result;
  }

  private async runValidated(request: unknown, options: RunOptions): Promise<OpResult> {
    const startedAt = new Date();
    const validated = validatedRequest(request, startedAt);
    if (!validated.ok) return validated.refused;
    const req = validated.request;
    try {
      const plan = planOperation(req, { kernelRelease: this.facts.kernelRelease });
      switch (plan.kind) {
        case 'exec':
          return await this.exec(req.op, plan, options, startedAt);
        case 'read':
          return await this.read(req.op, plan, startedAt);
        case 'chapSecrets':
          return await this.chapSecrets(req.op, plan.path, startedAt);
        case 'captureStart':
          return await this.captures.start(req.op, plan);
        case 'captureStop':
          return await this.captures.stop(req.op, plan.captureId);
        default:
          return failedResult(req.op, planArgv(plan), startedAt, 'operation not implemented');
      }
    } catch (e) {
      return failedResult(req.op, [], startedAt, `internal error: ${(e as Error).message}`);
    }
  }

  private async exec(op: string, plan: ExecPlan, options: RunOptions, startedAt: Date): Promise<OpResult> {
    const outcome = await remoteExec(await this.live(), plan.argv, {
      privilege: this.privilege,
      timeoutS: plan.timeoutMs / 1000,
      maxOutputBytes: plan.maxOutputBytes,
      cancelSignal: 'INT',
      ...(options.cancel ? { cancel: options.cancel } : {}),
      ...(plan.streamLines && options.onLine ? { onLine: options.onLine } : {}),
    });
    const result = resultOf(op, outcome, startedAt, outcome.stdout.toString('utf8'));
    const error = outcome.problem === 'cancelled' ? `${plan.tool} was stopped on request` : outcome.problem || execProblem(plan, outcome);
    if (error) result.error = error;
    return result;
  }

  private async read(op: string, plan: ReadPlan, startedAt: Date): Promise<OpResult> {
    const mode = plan.tail ? 'tail' : plan.redactPppPasswords ? 'redact' : 'head';
    const outcome = await remoteExec(await this.live(), fixedFileArgv(mode, plan.maxBytes, plan.candidates), {
      privilege: this.privilege,
      timeoutS: READ_TIMEOUT_S,
      maxOutputBytes: plan.maxBytes + 64 * 1024,
    });
    if (outcome.problem || outcome.exitCode !== 0) return { ...resultOf(op, outcome, startedAt, ''), error: outcome.problem || execProblem({ tool: 'timeout' } as ExecPlan, outcome) || 'read failed' };
    const reply = parseFileReply(outcome.stdout, plan.candidates[0] ?? '');
    if (!reply.ok) {
      const failed = (reply.refused ? refusedResult : failedResult)(op, outcome.remoteArgv, startedAt, reply.error);
      return { ...failed, exitCode: outcome.exitCode };
    }
    let data = reply.body;
    let truncated = false;
    if (mode === 'head' && data.length > plan.maxBytes) {
      data = data.subarray(0, plan.maxBytes);
      truncated = true;
    } else if (mode === 'tail' && reply.meta.size > plan.maxBytes) {
      // As locally: the first line of a tail is cut, drop it.
      const nl = data.indexOf(0x0a);
      if (nl >= 0) data = data.subarray(nl + 1);
      truncated = true;
    } else if (mode === 'redact') {
      truncated = reply.meta.size > plan.maxBytes;
    }
    if (plan.gunzip && reply.meta.path.endsWith('.gz')) {
      try {
        data = gunzipSync(data, { maxOutputLength: plan.maxBytes });
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `decompresses to more than ${plan.maxBytes} bytes` : 'is not valid gzip data';
        return failedResult(op, outcome.remoteArgv, startedAt, `${reply.meta.path} ${why}`);
      }
    }
    return { ...resultOf(op, outcome, startedAt, data.toString('utf8')), truncated };
  }

  private async chapSecrets(op: string, path: string, startedAt: Date): Promise<OpResult> {
    const outcome = await remoteExec(await this.live(), fixedFileArgv('chap', MAX_SECRETS_BYTES, [path]), {
      privilege: this.privilege,
      timeoutS: READ_TIMEOUT_S,
      maxOutputBytes: 8 * 1024 * 1024,
    });
    if (outcome.problem || outcome.exitCode !== 0) return { ...resultOf(op, outcome, startedAt, ''), error: outcome.problem || execProblem({ tool: 'timeout' } as ExecPlan, outcome) || 'read failed' };
    const reply = parseFileReply(outcome.stdout, path);
    if (!reply.ok) return (reply.refused ? refusedResult : failedResult)(op, outcome.remoteArgv, startedAt, reply.error);
    const summary = chapSummaryFromRemote(reply.meta, reply.body.toString('utf8'));
    const stdout = `${JSON.stringify(summary, null, 2)}\n`;
    return { ...resultOf(op, outcome, startedAt, stdout), truncated: reply.meta.size > MAX_SECRETS_BYTES };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.eventListeners.clear();
    await this.captures.stopAll();
    await this.auditLog?.close();
    wipePrivilege(this.privilege);
    await this.conn.close();
  }
}

function resultOf(op: string, outcome: RemoteExecOutcome, startedAt: Date, stdout: string): OpResult {
  return {
    op,
    argv: outcome.remoteArgv,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stdout,
    stderr: outcome.stderr,
    outputSha256: sha256Hex(stdout),
    truncated: outcome.truncated,
  };
}

/** The one-line message for how a remote command ended (null when it did its job). */
export function execProblem(plan: Pick<ExecPlan, 'tool'> & Partial<ExecPlan>, outcome: RemoteExecOutcome): string | null {
  const { exitCode, stderr } = outcome;
  const firstLine = stderr.split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300);
  if (outcome.signal !== null) return `${plan.tool} was killed by ${outcome.signal}`;
  if (exitCode === null) return `${plan.tool} ended without an exit status`;
  if ((OK_EXIT_CODES[plan.tool] ?? [0]).includes(exitCode)) return null;
  if (exitCode === 124) return `${plan.tool} timed out after ${Math.round((plan.timeoutMs ?? 0) / 1000)} s on the gateway and was stopped`;
  if (exitCode === 127 || exitCode === 126) return missingToolMessage(plan.tool).replace('is not installed', 'is not installed on the gateway');
  if (firstLine?.startsWith('sudo:')) return `sudo on the gateway: ${firstLine.slice(5).trim()}`;
  return `${plan.tool} exited with status ${exitCode}${firstLine ? `: ${firstLine}` : ''}`;
}
