import { readFileSync } from 'node:fs';
import { Client, type ClientChannel, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2';
import { appendKnownHost, blobKeyType, judgeHostKey, keysFor, readKnownHosts, refusalOf, type HostKeyVerdict } from './knownHosts';
import { formatSshTarget, type SshTarget } from '../../shared/model/sshTarget';

/**
 * Everything that crosses a session in clear (before encryption, after decryption): each exec's
 * command line, every byte written to a channel and every byte read from one. Tests search it
 * for planted secrets; the product passes none.
 */
export type SessionTap = (direction: 'sent' | 'received', data: Buffer) => void;

export interface ConnectOptions {
  target: SshTarget;
  /** OpenSSH known_hosts file holding the pinned key(s). */
  knownHostsFile: string;
  /** Trust an unknown host on first use (and record it in knownHostsFile). Never overrides a mismatch. */
  acceptNewHostKey?: boolean;
  /**
   * Trust an unknown host only if the key it presents has exactly this SHA256 fingerprint (the
   * auditor confirmed it out of band); then it is recorded as --accept-new-host-key would.
   * Never overrides a mismatch or a revoked key.
   */
  trustFingerprint?: string;
  /** Private key file (OpenSSH format). */
  identityFile?: string;
  /** The private key itself, already read through the local file gate (wins over identityFile). */
  privateKey?: Buffer;
  /** ssh-agent socket (default $SSH_AUTH_SOCK when set). */
  agentSocket?: string | null;
  /** Login password, when the account takes one (asked by the caller, never stored here). */
  password?: string;
  readyTimeoutMs?: number;
  tap?: SessionTap;
  /** ssh2's protocol trace (tests: proves what was, or was not, sent before the key was judged). */
  debug?: (line: string) => void;
}

export interface HostKeyFacts {
  keyType: string;
  fingerprint: string;
  /** How it was trusted: pinned in known_hosts, or accepted on first use this time. */
  trust: 'known_hosts' | 'accepted-new';
}

/** Why a connection was refused or failed, for callers that answer differently to each. */
export type RemoteConnectReason = 'host-key-unknown' | 'host-key-mismatch' | 'host-key-revoked' | 'auth-refused' | 'network';

/** A refused or failed connection: one line for the auditor. */
export class RemoteConnectError extends Error {
  constructor(
    message: string,
    readonly reason: RemoteConnectReason = 'network',
    /** The host key the gateway presented, when it got that far. */
    readonly presented: { keyType: string; fingerprint: string } | null = null,
  ) {
    super(message);
    this.name = 'RemoteConnectError';
  }
}

const REASON_OF_VERDICT: Record<Exclude<HostKeyVerdict['status'], 'trusted'>, RemoteConnectReason> = {
  unknown: 'host-key-unknown',
  mismatch: 'host-key-mismatch',
  revoked: 'host-key-revoked',
};

/**
 * The refusal for a presented key, or null when it may be used. An unknown key is accepted on
 * first use (acceptNewHostKey), or when its fingerprint is exactly the one the auditor confirmed;
 * a confirmed fingerprint that differs is refused naming both. Mismatch and revoked: always refused.
 */
export function hostKeyRefusal(verdict: HostKeyVerdict, where: string, options: Pick<ConnectOptions, 'knownHostsFile' | 'acceptNewHostKey' | 'trustFingerprint'>): { reason: RemoteConnectReason; message: string } | null {
  if (verdict.status === 'unknown' && options.trustFingerprint !== undefined) {
    if (verdict.fingerprint === options.trustFingerprint) return null;
    return { reason: 'host-key-unknown', message: `${where}: the gateway presented ${verdict.fingerprint}, not the ${options.trustFingerprint} you confirmed; refused` };
  }
  const message = refusalOf(verdict, where, options.knownHostsFile, options.acceptNewHostKey === true);
  if (message === null || verdict.status === 'trusted') return null;
  return { reason: REASON_OF_VERDICT[verdict.status], message };
}

/** Pinned types first, so the server presents a key we can compare (as ssh's HostKeyAlgorithms ordering does). */
function hostKeyAlgorithms(keyTypes: string[]): ServerHostKeyAlgorithm[] | undefined {
  if (keyTypes.length === 0) return undefined;
  const out: string[] = [];
  for (const t of keyTypes) out.push(...(t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
  return [...new Set(out)] as ServerHostKeyAlgorithm[];
}

/**
 * One SSH connection to the audited gateway (one per audit): host key pinned before any
 * credential is sent, then key, agent or password authentication. Channels are opened by
 * exec() only; a dropped connection is reported once through onDrop.
 */
export class SshConnection {
  private dropped: string | null = null;
  private readonly dropListeners: Array<(reason: string) => void> = [];

  private constructor(
    private readonly client: Client,
    readonly target: SshTarget,
    readonly hostKey: HostKeyFacts,
    private readonly tap: SessionTap | undefined,
  ) {
    const drop = (why: string) => {
      if (this.dropped !== null) return;
      this.dropped = why;
      for (const l of this.dropListeners.splice(0)) l(why);
    };
    client.on('error', (e) => drop(`connection to ${formatSshTarget(target)} failed: ${e.message}`));
    client.on('close', () => drop(`connection to ${formatSshTarget(target)} closed`));
  }

  static connect(options: ConnectOptions): Promise<SshConnection> {
    const { target } = options;
    const where = formatSshTarget(target);
    const known = keysFor(readKnownHosts(options.knownHostsFile), target.host, target.port);
    let verdict: HostKeyVerdict | null = null;
    let presented: Buffer | null = null;
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: 5000,
      keepaliveCountMax: 3,
      // Synchronous: the key is judged before authentication starts, nothing is sent before.
      hostVerifier: (key: Buffer) => {
        presented = Buffer.from(key);
        verdict = judgeHostKey(known, presented);
        return hostKeyRefusal(verdict, where, options) === null;
      },
    };
    if (options.debug) config.debug = options.debug;
    const algorithms = hostKeyAlgorithms([...new Set(known.filter((k) => !k.revoked).map((k) => k.keyType))]);
    if (algorithms) config.algorithms = { serverHostKey: algorithms };
    if (options.privateKey !== undefined) {
      config.privateKey = options.privateKey;
    } else if (options.identityFile !== undefined) {
      try {
        config.privateKey = readFileSync(options.identityFile);
      } catch (e) {
        return Promise.reject(new RemoteConnectError(`--identity ${options.identityFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
      }
    }
    const agent = options.agentSocket === undefined ? process.env.SSH_AUTH_SOCK : options.agentSocket;
    if (agent) config.agent = agent;
    if (options.password !== undefined) config.password = options.password;

    return new Promise((resolve, reject) => {
      const client = new Client();
      let settled = false;
      const fail = (message: string, reason: RemoteConnectReason = 'network') => {
        if (settled) return;
        settled = true;
        client.end();
        const blob = presented as Buffer | null;
        const v = verdict as HostKeyVerdict | null;
        reject(new RemoteConnectError(message, reason, blob && v ? { keyType: blobKeyType(blob), fingerprint: v.fingerprint } : null));
      };
      client.once('ready', () => {
        if (settled) return;
        settled = true;
        const v = verdict as HostKeyVerdict | null;
        const blob = presented as Buffer | null;
        if (v === null || blob === null) {
          client.end();
          reject(new RemoteConnectError(`${where}: no host key was verified; refused`));
          return;
        }
        const trust = v.status === 'trusted' ? 'known_hosts' : 'accepted-new';
        if (trust === 'accepted-new') appendKnownHost(options.knownHostsFile, target.host, target.port, blob);
        resolve(new SshConnection(client, target, { keyType: blobKeyType(blob), fingerprint: v.fingerprint, trust }, options.tap));
      });
      client.once('error', (e: Error & { level?: string }) => {
        const v = verdict as HostKeyVerdict | null;
        const refusal = v ? hostKeyRefusal(v, where, options) : null;
        if (refusal) return fail(refusal.message, refusal.reason);
        if (e.level === 'client-authentication') return fail(`${where}: authentication refused (tried: ${[options.identityFile || options.privateKey ? 'key' : null, agent ? 'agent' : null, options.password !== undefined ? 'password' : null].filter(Boolean).join(', ') || 'none'})`, 'auth-refused');
        fail(`${where}: ${e.message}`);
      });
      client.once('close', () => fail(`${where}: connection closed during the handshake`));
      client.connect(config);
    });
  }

  get closedReason(): string | null {
    return this.dropped;
  }

  /** Called once when the connection is lost (or closed). Immediately if it already is. */
  onDrop(listener: (reason: string) => void): void {
    if (this.dropped !== null) listener(this.dropped);
    else this.dropListeners.push(listener);
  }

  /** Opens a channel running `command` (already quoted for the remote shell). */
  exec(command: string): Promise<ClientChannel> {
    if (this.dropped !== null) return Promise.reject(new RemoteConnectError(this.dropped));
    this.tap?.('sent', Buffer.from(command, 'utf8'));
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, channel) => {
        if (err) return reject(new RemoteConnectError(`cannot open a channel on ${formatSshTarget(this.target)}: ${err.message}`));
        resolve(this.tapped(channel));
      });
    });
  }

  private tapped(channel: ClientChannel): ClientChannel {
    const tap = this.tap;
    if (!tap) return channel;
    channel.on('data', (d: Buffer) => tap('received', d));
    channel.stderr.on('data', (d: Buffer) => tap('received', d));
    const write = channel.write.bind(channel) as (...args: unknown[]) => boolean;
    (channel as unknown as { write: (...args: unknown[]) => boolean }).write = (...args: unknown[]) => {
      const chunk = args[0];
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) tap('sent', Buffer.from(chunk as string));
      return write(...args);
    };
    return channel;
  }

  /** Cuts the connection (tests: a link lost mid-watch). */
  destroy(): void {
    (this.client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
  }

  close(): Promise<void> {
    if (this.dropped !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.onDrop(() => resolve());
      this.client.end();
    });
  }
}
