import { randomUUID } from 'node:crypto';
import type { ThroughputStarted } from '../../shared/ipc/channels/throughput';
import type { ThroughputSample } from '../../shared/model/throughput';
import { ThroughputSampler } from '../collectors/throughput/sampler';
import { interfaceExists, readLinkSpeedMbps } from '../collectors/throughput/readCounters';
import { Batcher } from './batcher';
import type { PushHub } from './pushHub';
import { UserFacingError } from './dispatcher';

interface Session {
  clientId: string;
  sampler: ThroughputSampler;
  batcher: Batcher<ThroughputSample>;
}

export interface StartOptions {
  iface: string;
  intervalMs: number;
  linkSpeedMbps: number | null;
  carrier?: string | null;
}

/** Live throughput sessions, one sampler each, streamed as stamped batches to every binding. */
export class ThroughputService {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly hub: PushHub,
    private readonly batchIntervalMs = 100,
  ) {}

  async start(options: StartOptions, clientId: string): Promise<ThroughputStarted> {
    if (!(await interfaceExists(options.iface))) {
      throw new UserFacingError(`interface ${options.iface} does not exist`);
    }
    const sessionId = randomUUID();
    let seq = 0;
    const batcher = new Batcher<ThroughputSample>(
      (samples) => this.hub.emit('throughput.batch', { sessionId, seq: seq++, samples }),
      this.batchIntervalMs,
    );
    const sampler = new ThroughputSampler({
      iface: options.iface,
      intervalMs: options.intervalMs,
      onSample: (sample) => batcher.push(sample),
    });
    this.sessions.set(sessionId, { clientId, sampler, batcher });
    sampler.start();
    const sysfsSpeed =
      options.linkSpeedMbps === null
        ? await readLinkSpeedMbps(options.carrier ?? options.iface)
        : null;
    return {
      sessionId,
      iface: options.iface,
      intervalMs: options.intervalMs,
      linkSpeedMbps: options.linkSpeedMbps ?? sysfsSpeed,
      linkSpeedSource: options.linkSpeedMbps !== null ? 'auditor' : sysfsSpeed !== null ? 'sysfs' : null,
    };
  }

  stop(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    session.sampler.stop();
    session.batcher.dispose();
    this.sessions.delete(sessionId);
    return true;
  }

  /** A window closed or a socket dropped: its samplers must not run on unseen. */
  stopClient(clientId: string): void {
    for (const [id, session] of this.sessions) if (session.clientId === clientId) this.stop(id);
  }

  stopAll(): void {
    for (const id of [...this.sessions.keys()]) this.stop(id);
  }
}
