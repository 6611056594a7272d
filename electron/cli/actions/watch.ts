import { ThroughputSampler } from '../../collectors/throughput/sampler';
import { interfaceExists, readLinkSpeedMbps } from '../../collectors/throughput/readCounters';
import { ThroughputStatsAccumulator, utilisation } from '../../../shared/analysis/throughputStats';
import type { ThroughputSample, ThroughputStats } from '../../../shared/model/throughput';
import { UsageError } from '../errors';
import { parseNumberOption, requireIfaceName } from '../options';
import { formatBps, formatBytes } from '../../../shared/format/units';
import { requireLocalCollectors } from '../stepRun/localCollectors';
import type { TargetCliOptions } from '../stepRun/targetOptions';

export interface WatchOptions extends TargetCliOptions {
  iface?: string;
  interval?: string;
  duration?: string;
  linkSpeed?: string;
  json?: boolean;
}

function sampleLine(s: ThroughputSample): string {
  const time = new Date(s.t).toISOString().slice(11, 23);
  if (!s.present) return `${time}  ${s.iface} absent${s.gapReason ? ` (${s.gapReason})` : ''}`;
  if (s.gap) return `${time}  ${s.iface} ifindex ${s.ifindex}  -- gap: ${s.gapReason} --`;
  return `${time}  rx ${formatBps(s.rxBps).padStart(14)}  tx ${formatBps(s.txBps).padStart(14)}  rx ${s.rxPps?.toFixed(0)} pkt/s  tx ${s.txPps?.toFixed(0)} pkt/s`;
}

function summary(stats: ThroughputStats, linkSpeedMbps: number | null): string {
  const row = (label: string, d: ThroughputStats['rx']) => {
    const util = utilisation(d.avgBps, linkSpeedMbps);
    return `${label}  cur ${formatBps(d.currentBps)}  avg ${formatBps(d.avgBps)}  min ${formatBps(d.minBps)}  max ${formatBps(d.maxBps)}  total ${formatBytes(d.totalBytes)}  errors ${d.errors}  drops ${d.dropped}${util === null ? '' : `  avg util ${(util * 100).toFixed(1)} %`}`;
  };
  return [
    `samples ${stats.samples}, gaps ${stats.gaps}, measured ${stats.measuredSeconds.toFixed(1)} s`,
    row('in ', stats.rx),
    row('out', stats.tx),
  ].join('\n');
}

export async function runWatch(options: WatchOptions): Promise<void> {
  const iface = requireIfaceName(options.iface);
  const intervalS = parseNumberOption(options.interval, '--interval', 0.1, 10) ?? 0.5;
  const durationS = parseNumberOption(options.duration, '--duration', 0.1, 7 * 24 * 3600);
  const entered = parseNumberOption(options.linkSpeed, '--link-speed', 0.001, 1_000_000);
  const stats = new ThroughputStatsAccumulator();
  const samplerOptions = {
    iface,
    intervalMs: Math.round(intervalS * 1000),
    onSample: (sample: ThroughputSample) => {
      stats.add(sample);
      process.stdout.write(options.json ? `${JSON.stringify(sample)}\n` : `${sampleLine(sample)}\n`);
    },
    onError: (error: Error) => process.stderr.write(`pptp-auditor: ${error.message}\n`),
  };
  let sampler: { start(): void; stop(): void };
  let linkSpeedMbps: number | null;
  let closeTarget = async () => {};
  if (options.target !== undefined) {
    // On the gateway: one long-lived channel; a lost connection is said, retried, and a marked gap.
    const { openCliTarget, TargetRefusal } = await import('../../remote/cliTarget');
    const say = (line: string) => process.stderr.write(`pptp-auditor: ${line}\n`);
    const runner = await openCliTarget({ target: options.target, identity: options.identity, knownHosts: options.knownHosts, acceptNewHostKey: options.acceptNewHostKey, askPassword: options.askPassword }, say).catch((e: Error) => {
      throw e instanceof TargetRefusal ? new UsageError(e.message) : e;
    });
    closeTarget = () => runner.close();
    const speed = await runner.readSmallFile(`/sys/class/net/${iface}/speed`);
    const reported = Number(speed.text.trim());
    linkSpeedMbps = entered ?? (Number.isFinite(reported) && reported > 0 ? reported : null);
    sampler = runner.sampler({ ...samplerOptions, onConnectionEvent: (e) => say(`${e.type}: ${e.detail}`) });
  } else {
    requireLocalCollectors();
    if (!(await interfaceExists(iface))) throw new UsageError(`interface ${iface} does not exist`);
    linkSpeedMbps = entered ?? (await readLinkSpeedMbps(iface));
    sampler = new ThroughputSampler(samplerOptions);
  }
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      // Ctrl-C before --duration: the pending timer must not hold the process open.
      clearTimeout(timer);
      sampler.stop();
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      resolve();
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    if (durationS !== undefined) timer = setTimeout(finish, durationS * 1000);
    sampler.start();
  });
  await closeTarget();
  if (!options.json) process.stdout.write(`${summary(stats.snapshot(), linkSpeedMbps)}\n`);
}
