import type { ParsedRequestOf } from '../../shared/ipc/contract';
import type { TargetConnectResult, TargetState } from '../../shared/ipc/channels/target';
import { formatSshTarget, parseSshTarget } from '../../shared/model/sshTarget';
import type { ConnectedGateway } from '../audit/auditService';
import { RemoteConnectError, type ConnectOptions } from '../remote/connection';
import { checkedKnownHostsFile, LocalFileRefused, readPrivateKeyFile } from '../remote/localFileGate';
import { openRemoteRunner } from '../remote/openRemote';
import { localCollectorsUnsupported } from '../ops/localCollectors';
import type { RemoteRunner } from '../remote/remoteRunner';
import { UserFacingError } from './dispatcher';
import type { PushHub } from './pushHub';

export interface TargetServiceOptions {
  /** Whether a step of an audit on that gateway (ssh://user@host:port) is running now. */
  isRunningOn: (gateway: string) => boolean;
  /** The target changed (connected elsewhere, back to this machine): what ran on the old one stops. */
  onTargetChanged?: (gateway: string | null) => void;
  /** sudo on the gateway now works (or stopped working): open audits there re-check what it unblocks. */
  onPrivilegeChanged?: (gateway: string) => void;
  /** Seams for tests: the session's plaintext tap, ssh2's protocol trace, no ssh-agent. */
  connect?: Pick<ConnectOptions, 'tap' | 'debug' | 'agentSocket'>;
}

/** How long after a loss the connection is re-opened by itself (the header shows it back). */
const RECONNECT_DELAY_MS = 1000;
/** The events the state carries (the bundle of an audit keeps them all). */
const EVENTS_IN_STATE = 50;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);
}

function localSupport(): TargetState['local'] {
  const unsupported = localCollectorsUnsupported();
  if (unsupported === null) return { supported: true, reason: null };
  return { supported: false, reason: `${unsupported}: its own tunnels cannot be audited here; connect to a Linux gateway over SSH, or analyse files collected there` };
}

/**
 * The one gateway connection of this backend (issue 12): at most one RemoteRunner, opened on the
 * auditor's request with the host key pinned before any credential is sent. Every change —
 * connecting, connected, dropped, restored, privilege — is pushed as `target.state`. Passwords
 * pass through to the connection and sudo only: never kept here, never logged, never pushed.
 */
export class TargetService {
  private runner: RemoteRunner | null = null;
  private target: string | null = null;
  private connecting: string | null = null;
  private message: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly hub: PushHub,
    private readonly options: TargetServiceOptions,
  ) {}

  /** The gateway audits and throughput run on now; null: this machine. */
  current(): ConnectedGateway | null {
    return this.runner && this.target ? { target: this.target, runner: this.runner } : null;
  }

  state(): TargetState {
    const base = { hostKey: null, privilege: null, gateway: null, message: this.message, events: [], local: localSupport() };
    if (this.connecting !== null) return { ...base, state: 'connecting', target: this.connecting };
    const runner = this.runner;
    if (runner === null) return { ...base, state: 'local', target: null };
    const conn = runner.connection;
    const dropped = conn.closedReason !== null;
    return {
      state: dropped ? (runner.reconnectingNow ? 'reconnecting' : 'lost') : 'connected',
      target: this.target,
      hostKey: { ...conn.hostKey },
      privilege: runner.privilegeMode,
      gateway: { hostname: runner.facts.hostname, kernelRelease: runner.facts.kernelRelease },
      message: this.message,
      events: runner.connectionEvents.slice(-EVENTS_IN_STATE).map((e) => ({ ...e })),
      local: localSupport(),
    };
  }

  async connect(request: ParsedRequestOf<'target.connect'>): Promise<TargetConnectResult> {
    if (this.connecting !== null) throw new UserFacingError(`a connection to ${this.connecting} is being opened already; wait for it`);
    this.refuseWhileRunning('connect elsewhere');
    const parsed = parseSshTarget(request.target, 'target');
    if (!parsed.ok) throw new UserFacingError(parsed.error);
    const target = formatSshTarget(parsed.target);
    let knownHostsFile: string;
    let privateKey: Buffer | undefined;
    try {
      knownHostsFile = checkedKnownHostsFile(request.knownHostsFile);
      if (request.identityFile !== null) privateKey = readPrivateKeyFile(request.identityFile);
    } catch (error) {
      if (error instanceof LocalFileRefused) throw new UserFacingError(error.message);
      throw error;
    }
    await this.drop();
    this.connecting = target;
    this.message = null;
    this.push();
    const sudoPassword = request.sudoPassword;
    try {
      const runner = await openRemoteRunner({
        ...this.options.connect,
        target: parsed.target,
        knownHostsFile,
        acceptNewHostKey: false,
        ...(request.trustFingerprint !== null ? { trustFingerprint: request.trustFingerprint } : {}),
        ...(privateKey !== undefined ? { privateKey } : {}),
        ...(request.loginPassword !== null ? { password: request.loginPassword } : {}),
        // Asked only when `sudo -n` is refused; checked with sudo -S, wiped on close.
        ...(sudoPassword !== null ? { askSudoPassword: () => Promise.resolve(sudoPassword) } : {}),
      });
      this.connecting = null;
      this.adopt(runner);
      return { status: 'connected', state: this.state() };
    } catch (error) {
      this.connecting = null;
      // Kept in memory by a connection for its reconnects only; no connection, no key.
      privateKey?.fill(0);
      // Unknown key, and no fingerprint confirmed yet: nothing was sent; the auditor is shown the key.
      if (error instanceof RemoteConnectError && error.reason === 'host-key-unknown' && error.presented && request.trustFingerprint === null) {
        this.message = `the host key of ${target} is not in ${knownHostsFile}: confirm its fingerprint ${error.presented.fingerprint} with the gateway's administrator`;
        this.push();
        return { status: 'unknown-host-key', keyType: error.presented.keyType, fingerprint: error.presented.fingerprint, knownHostsFile };
      }
      this.message = firstLine(error);
      this.push();
      throw new UserFacingError(this.message);
    }
  }

  /** Takes an open connection as the current one (serve --target opens it on the terminal). */
  adopt(runner: RemoteRunner): TargetState {
    this.runner = runner;
    this.target = formatSshTarget(runner.connection.target);
    this.message = null;
    this.unsubscribe = runner.onConnectionEvent((event) => {
      if (this.runner !== runner) return;
      if (event.type === 'restored') this.message = null;
      else this.message = event.detail.split('\n')[0]!.slice(0, 500);
      if (event.type === 'lost') this.retrySoon(runner);
      this.push();
    });
    this.options.onTargetChanged?.(this.target);
    this.push();
    return this.state();
  }

  /** sudo's password for a connected gateway whose `sudo -n` was refused. */
  async elevate(password: string): Promise<TargetState> {
    const runner = this.runner;
    if (runner === null) throw new UserFacingError('no gateway is connected');
    if (runner.privilegeMode !== 'none') return this.state();
    try {
      await runner.elevate(password);
      this.message = null;
    } catch (error) {
      this.message = firstLine(error);
      this.push();
      throw new UserFacingError(this.message);
    }
    this.push();
    if (this.runner === runner && this.target !== null) this.options.onPrivilegeChanged?.(this.target);
    return this.state();
  }

  /** Back to this machine. */
  async disconnect(): Promise<TargetState> {
    this.refuseWhileRunning('disconnect');
    await this.drop();
    this.message = null;
    this.push();
    return this.state();
  }

  async close(): Promise<void> {
    await this.drop();
  }

  private refuseWhileRunning(what: string): void {
    if (this.target !== null && this.options.isRunningOn(this.target)) {
      throw new UserFacingError(`a step of an audit on ${this.target} is running: cancel it or let it end before you ${what}`);
    }
  }

  /**
   * Re-opens a lost connection once, shortly after the loss, so the header shows it back without
   * waiting for the next use; if that fails the state stays lost and the next use tries again.
   */
  private retrySoon(runner: RemoteRunner): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.runner !== runner) return;
      const attempt = runner.live();
      this.push();
      attempt.then(
        () => this.push(),
        () => this.push(),
      );
    }, RECONNECT_DELAY_MS);
    this.retryTimer.unref();
  }

  private async drop(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const runner = this.runner;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.runner = null;
    this.target = null;
    if (runner === null) return;
    this.options.onTargetChanged?.(null);
    await runner.close().catch(() => undefined);
  }

  private push(): void {
    this.hub.emit('target.state', this.state());
  }
}
