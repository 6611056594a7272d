import type { MetricDelta } from '../model/evidence';
import type { ThroughputSample } from '../model/throughput';
import type { AuditFacts } from './facts';

/** The figures an audit is compared on against an earlier audit of the same site. */
export interface BaselineMetrics {
  rxAvgMbps: number | null;
  rxMaxMbps: number | null;
  txAvgMbps: number | null;
  txMaxMbps: number | null;
  latencyAvgMs: number | null;
  jitterMs: number | null;
  lossPercent: number | null;
  tunnelMtu: number | null;
  pathMtu: number | null;
}

export const BASELINE_METRICS: ReadonlyArray<{ key: keyof BaselineMetrics; label: string; unit: string }> = [
  { key: 'rxAvgMbps', label: 'throughput rx avg', unit: 'Mbit/s' },
  { key: 'rxMaxMbps', label: 'throughput rx max', unit: 'Mbit/s' },
  { key: 'txAvgMbps', label: 'throughput tx avg', unit: 'Mbit/s' },
  { key: 'txMaxMbps', label: 'throughput tx max', unit: 'Mbit/s' },
  { key: 'latencyAvgMs', label: 'latency avg', unit: 'ms' },
  { key: 'jitterMs', label: 'jitter', unit: 'ms' },
  { key: 'lossPercent', label: 'loss', unit: '%' },
  { key: 'tunnelMtu', label: 'tunnel MTU', unit: 'bytes' },
  { key: 'pathMtu', label: 'path MTU (DF probe)', unit: 'bytes' },
];

const toMbps = (bps: number | null | undefined) => (bps === null || bps === undefined ? null : bps / 1e6);

/** Rates from raw samples, for bundles without computed throughput facts. Gaps never count. */
export function throughputFromSamples(samples: readonly ThroughputSample[]): Pick<BaselineMetrics, 'rxAvgMbps' | 'rxMaxMbps' | 'txAvgMbps' | 'txMaxMbps'> {
  let ms = 0;
  let rxBits = 0;
  let txBits = 0;
  let rxMax: number | null = null;
  let txMax: number | null = null;
  for (const s of samples) {
    if (s.gap || s.intervalMs === null || s.intervalMs <= 0 || s.rxBps === null || s.txBps === null) continue;
    ms += s.intervalMs;
    rxBits += (s.rxBps * s.intervalMs) / 1000;
    txBits += (s.txBps * s.intervalMs) / 1000;
    rxMax = Math.max(rxMax ?? 0, s.rxBps);
    txMax = Math.max(txMax ?? 0, s.txBps);
  }
  if (ms === 0) return { rxAvgMbps: null, rxMaxMbps: null, txAvgMbps: null, txMaxMbps: null };
  return { rxAvgMbps: rxBits / (ms / 1000) / 1e6, rxMaxMbps: toMbps(rxMax), txAvgMbps: txBits / (ms / 1000) / 1e6, txMaxMbps: toMbps(txMax) };
}

export function baselineMetrics(facts: AuditFacts, samples: readonly ThroughputSample[] = []): BaselineMetrics {
  const stats = facts.throughput?.stats;
  const fromSamples = throughputFromSamples(samples);
  const tunnel = facts.interfaces?.interfaces.find((i) => i.name === facts.interfaces?.tunnel);
  const report = facts.latency?.report;
  return {
    rxAvgMbps: stats ? toMbps(stats.rx.avgBps) : fromSamples.rxAvgMbps,
    rxMaxMbps: stats ? toMbps(stats.rx.maxBps) : fromSamples.rxMaxMbps,
    txAvgMbps: stats ? toMbps(stats.tx.avgBps) : fromSamples.txAvgMbps,
    txMaxMbps: stats ? toMbps(stats.tx.maxBps) : fromSamples.txMaxMbps,
    latencyAvgMs: report?.rtt?.avgMs ?? null,
    jitterMs: report ? (report.jitterMs ?? report.rtt?.mdevMs ?? null) : null,
    lossPercent: report && report.transmitted > 0 ? report.lossPercent : null,
    tunnelMtu: tunnel?.mtu ?? null,
    pathMtu: facts.pathMtu?.largestPassingPacket ?? null,
  };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function baselineDeltas(old: BaselineMetrics, next: BaselineMetrics): MetricDelta[] {
  return BASELINE_METRICS.map(({ key, label, unit }) => {
    const a = old[key];
    const b = next[key];
    return {
      metric: label,
      unit,
      old: a === null ? null : round3(a),
      new: b === null ? null : round3(b),
      delta: a === null || b === null ? null : round3(b - a),
    };
  });
}
