import { randomUUID } from 'node:crypto';
import type { ThroughputStarted } from '../../shared/ipc/channels/throughput';
import type { ThroughputSample } from '../../shared/model/throughput';
import { ThroughputSampler, type SamplerOptions } from '../collectors/throughput/sampler';
import { interfaceExists, readLinkSpeedMbps } from '../collectors/throughput/readCounters';
import { Batcher } from './batcher';
import type { PushHub } from './pushHub';
import { UserFacingError } from './dispatcher';

interface Session {
  clientId: string;
  /** The counters' host: null for this machine, else the gateway's ssh://… */
  where: string | null;
  sampler: { start(): void; stop(): void };
  batcher: Batcher<ThroughputSample>;
}

/** Where counters are read: this machine, or the gateway the backend is connected to. */
export interface CounterSource {
  /** ssh://user@host:port of the gateway; null for this machine. */
  where: string | null;
  exists(iface: string): Promise<boolean>;
  sampler(options: SamplerOptions): { start(): void; stop(): void };
  /** The link speed the host's sysfs reports, Mbit/s; null when it has none. */
  linkSpeedMbps(iface: string): Promise<number | null>;
}

/** This machine's sysfs and /proc/net/dev. */
export const localCounters: CounterSource = {
  where: null,
  exists: (iface) => Promise.resolve(interfaceExists(iface)),
  sampler: (options) => new ThroughputSampler(options),
  linkSpeedMbps: (iface) => Promise.resolve(readLinkSpeedMbps(iface)),
};

export interface StartOptions {
  iface: string;
  intervalMs: number;
  linkSpeedMbps: number | null;
  carrier?: string | null;
}

/** Samplers one client may run at once: the app shows a handful of interfaces, not hundreds. */
export const MAX_SAMPLERS_PER_CLIENT = 8;

/** Live throughput sessions, one sampler each, streamed as stamped batches to every binding. */
export class ThroughputService {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly hub: PushHub,
    private readonly batchIntervalMs = 100,
    private readonly maxPerClient = MAX_SAMPLERS_PER_CLIENT,
    /** Follows the current target: the gateway's counters while one is connected. */
    private readonly source: () => CounterSource = () => localCounters,
  ) {}

  async start(options: StartOptions, clientId: string): Promise<ThroughputStarted> {
    const source = this.source();
    if (!(await source.exists(options.iface))) {
      throw new UserFacingError(`interface ${options.iface} does not exist${source.where ? ` on ${source.where}` : ''}`);
    }
    // Counted after the await and right before the session is registered, so concurrent
    // starts cannot all pass the check together.
    if (this.countOf(clientId) >= this.maxPerClient) {
      throw new UserFacingError(
        `refused: this client already runs ${this.maxPerClient} throughput samplers (the limit); stop one first`,
      );
    }
    const sessionId = randomUUID();
    let seq = 0;
    const batcher = new Batcher<ThroughputSample>(
      (samples) => this.hub.emit('throughput.batch', { sessionId, seq: seq++, samples }),
      this.batchIntervalMs,
    );
    const sampler = source.sampler({
      iface: options.iface,
      intervalMs: options.intervalMs,
      onSample: (sample) => batcher.push(sample),
    });
    this.sessions.set(sessionId, { clientId, where: source.where, sampler, batcher });
    sampler.start();
    const sysfsSpeed =
      options.linkSpeedMbps === null
        ? await source.linkSpeedMbps(options.carrier ?? options.iface)
        : null;
    return {
      sessionId,
      iface: options.iface,
      intervalMs: options.intervalMs,
      linkSpeedMbps: options.linkSpeedMbps ?? sysfsSpeed,
      linkSpeedSource: options.linkSpeedMbps !== null ? 'auditor' : sysfsSpeed !== null ? 'sysfs' : null,
    };
  }

  /**
   * Stops a session. Given a client, only that client's own session: session ids are pushed
   * to every client, so one client could otherwise stop another's sampler.
   */
  stop(sessionId: string, clientId?: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session || (clientId !== undefined && session.clientId !== clientId)) return false;
    session.sampler.stop();
    session.batcher.dispose();
    this.sessions.delete(sessionId);
    return true;
  }

  /** A window closed or a socket dropped: its samplers must not run on unseen. */
  stopClient(clientId: string): void {
    for (const [id, session] of this.sessions) if (session.clientId === clientId) this.stop(id);
  }

  /** The target changed: samplers of any other host stop (their counters are no longer the ones shown). */
  stopAllBut(where: string | null): void {
    for (const [id, session] of this.sessions) if (session.where !== where) this.stop(id);
  }

  private countOf(clientId: string): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.clientId === clientId) count += 1;
    return count;
  }

  stopAll(): void {
    for (const id of [...this.sessions.keys()]) this.stop(id);
  }
}
