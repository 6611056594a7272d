import { ThroughputSampler } from '../../collectors/throughput/sampler';
import { interfaceExists, readLinkSpeedMbps } from '../../collectors/throughput/readCounters';
import { ThroughputStatsAccumulator, utilisation } from '../../../shared/analysis/throughputStats';
import type { ThroughputSample, ThroughputStats } from '../../../shared/model/throughput';
import { UsageError } from '../errors';
import { parseNumberOption, requireIfaceName } from '../options';
import { formatBps, formatBytes } from '../../../shared/format/units';

export interface WatchOptions {
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
  if (!(await interfaceExists(iface))) throw new UsageError(`interface ${iface} does not exist`);
  const linkSpeedMbps = entered ?? (await readLinkSpeedMbps(iface));
  const stats = new ThroughputStatsAccumulator();
  const sampler = new ThroughputSampler({
    iface,
    intervalMs: Math.round(intervalS * 1000),
    onSample: (sample) => {
      stats.add(sample);
      process.stdout.write(options.json ? `${JSON.stringify(sample)}\n` : `${sampleLine(sample)}\n`);
    },
    onError: (error) => process.stderr.write(`pptp-auditor: ${error.message}\n`),
  });
  await new Promise<void>((resolve) => {
    const finish = () => {
      sampler.stop();
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      resolve();
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    if (durationS !== undefined) setTimeout(finish, durationS * 1000);
    sampler.start();
  });
  if (!options.json) process.stdout.write(`${summary(stats.snapshot(), linkSpeedMbps)}\n`);
}
