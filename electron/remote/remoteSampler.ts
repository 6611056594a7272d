import type { ClientChannel } from 'ssh2';
import { RateTracker, type CounterReading } from '../../shared/analysis/rates';
import { argIfaceSchema } from '../../shared/ops/catalogue';
import type { ThroughputSample } from '../../shared/model/throughput';
import { parseProcNetDev } from '../../shared/parsers/procNetDev';
import type { SshConnection } from './connection';
import { wrappedArgv } from './remoteExec';
import { quoteForRemoteShell } from './shellQuote';

/** Ends each reading on the channel; a line no file in the reading can hold. */
const END = '@@pptp-auditor-sample-end@@';
/** The loop's own bound on the gateway: it ends by itself should this laptop vanish. */
const LOOP_LIMIT_S = 24 * 3600;

/**
 * The gateway side of remote sampling: ONE long-lived channel, a shell loop that answers each
 * line written to it with a reading (ifindex, /proc/net/dev, ifindex again — as the local
 * readCounters does) — never an exec per sample (a new exec costs ~0.5 s and 16 % of a core on
 * the gateway; a line on an open channel, a few ms). Reads only; no privilege needed.
 */
export function samplerLoopArgv(iface: string): string[] {
  const script = `f=/sys/class/net/$1/ifindex; while read -r _; do cat "$f" 2>/dev/null || echo -; cat /proc/net/dev; cat "$f" 2>/dev/null || echo -; echo '${END}'; done`;
  return wrappedArgv(['sh', '-c', script, 'sh', iface], { mode: 'none' }, LOOP_LIMIT_S);
}

export interface RemoteSamplerOptions {
  iface: string;
  intervalMs: number;
  onSample: (sample: ThroughputSample) => void;
  /** A connection lost and found again: recorded by the caller (events, evidence). */
  onConnectionEvent?: (event: { type: 'lost' | 'restored' | 'retry-failed'; at: number; detail: string }) => void;
  /** Latency of each reading (request written -> reading complete), for the benchmark. */
  onLatency?: (ms: number) => void;
  /** The connection to use now; after a loss it is asked again (it reconnects). */
  connection: () => Promise<SshConnection>;
}

/**
 * Samples one interface of the gateway at a fixed cadence (ticks against the start time, as the
 * local ThroughputSampler). A lost connection is an event; sampling resumes on a new one and the
 * first sample after it is a gap ('connection-lost'): no rate is ever computed across it.
 */
export class RemoteThroughputSampler {
  private tracker: RateTracker;
  private running = false;
  private channel: ClientChannel | null = null;
  private buffer = '';
  private pending: { requestedAt: number; resolve: (text: string | null) => void } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private tick = 0;
  private startMono = 0;
  private afterLoss: string | null = null;
  private busy = false;

  constructor(private readonly options: RemoteSamplerOptions) {
    const parsed = argIfaceSchema.safeParse(options.iface);
    if (!parsed.success) throw new Error(`invalid interface name ${JSON.stringify(options.iface.slice(0, 40))}`);
    this.tracker = new RateTracker(options.iface);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startMono = performance.now();
    this.tick = 0;
    void this.sampleOnce();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending?.resolve(null);
    this.pending = null;
    this.channel?.end();
    this.channel?.close();
    this.channel = null;
  }

  private async open(): Promise<ClientChannel> {
    const conn = await this.options.connection();
    const channel = await conn.exec(quoteForRemoteShell(samplerLoopArgv(this.options.iface)));
    let pidLineSeen = false;
    channel.on('data', (d: Buffer) => {
      this.buffer += d.toString('utf8');
      if (!pidLineSeen) {
        const nl = this.buffer.indexOf('\n');
        if (nl < 0) return;
        this.buffer = this.buffer.slice(nl + 1);
        pidLineSeen = true;
      }
      const end = this.buffer.indexOf(`${END}\n`);
      if (end < 0 || !this.pending) return;
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + END.length + 1);
      const p = this.pending;
      this.pending = null;
      p.resolve(text);
    });
    channel.stderr.on('data', () => undefined);
    const lost = () => {
      if (this.channel !== channel) return;
      this.channel = null;
      if (this.running) this.markLoss();
      this.pending?.resolve(null);
      this.pending = null;
    };
    channel.on('close', lost);
    conn.onDrop(lost);
    this.buffer = '';
    return channel;
  }

  private read(channel: ClientChannel): Promise<string | null> {
    return new Promise((resolve) => {
      this.pending = { requestedAt: performance.now(), resolve };
      channel.write('\n');
    });
  }

  private async sampleOnce(): Promise<void> {
    if (!this.running || this.busy) return;
    this.busy = true;
    try {
      if (this.channel === null) {
        try {
          this.channel = await this.open();
        } catch (e) {
          this.options.onConnectionEvent?.({ type: 'retry-failed', at: Date.now(), detail: (e as Error).message });
          this.afterLoss ??= (e as Error).message;
        }
      }
      if (this.channel !== null) {
        const requested = performance.now();
        const text = await this.read(this.channel);
        if (text === null) {
          if (this.running) this.markLoss();
        } else if (this.running) {
          this.options.onLatency?.(performance.now() - requested);
          this.emit(text);
        }
      }
    } finally {
      this.busy = false;
    }
    this.schedule();
  }

  /** Once per loss: the event now, the gap on the first reading after it. */
  private markLoss(): void {
    if (this.afterLoss !== null) return;
    this.afterLoss = 'connection to the gateway lost';
    this.options.onConnectionEvent?.({ type: 'lost', at: Date.now(), detail: `sampling ${this.options.iface}: connection to the gateway lost` });
  }

  private emit(text: string): void {
    const lines = text.split('\n');
    const before = lines[0]?.trim();
    const after = lines.at(-2)?.trim();
    const table = parseProcNetDev(lines.slice(1, -2).join('\n'));
    const b = Number(before);
    const stable = before === after && Number.isInteger(b) && b > 0;
    const reading: CounterReading = {
      t: Date.now(),
      mono: performance.now(),
      iface: this.options.iface,
      ifindex: stable ? b : null,
      counters: stable ? (table.get(this.options.iface) ?? null) : null,
    };
    if (this.afterLoss !== null) {
      // A new segment: the tracker forgets the reading from before the loss.
      this.tracker = new RateTracker(this.options.iface);
      const sample = this.tracker.next(reading);
      const why = this.afterLoss;
      this.afterLoss = null;
      this.options.onConnectionEvent?.({ type: 'restored', at: reading.t, detail: `${why}; first reading after it starts a new segment` });
      this.options.onSample({ ...sample, gap: true, gapReason: 'connection-lost' });
      return;
    }
    this.options.onSample(this.tracker.next(reading));
  }

  private schedule(): void {
    if (!this.running) return;
    const now = performance.now();
    do this.tick += 1;
    while (this.startMono + this.tick * this.options.intervalMs <= now);
    this.timer = setTimeout(() => void this.sampleOnce(), this.startMono + this.tick * this.options.intervalMs - now);
  }
}
