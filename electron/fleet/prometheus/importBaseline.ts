import { chunkRanges, concatSeries, joinImportedSeries } from '../../../shared/baseline/longTermSeries';
import { computeLongTermBaseline } from '../../../shared/baseline/longTermBaseline';
import type { LongTermBaseline } from '../../../shared/baseline/longTermSchema';
import type { PromSeries } from '../../../shared/baseline/prometheusResponse';
import { PrometheusClient, PrometheusRefused, publicPrometheusUrl, type PromClientOptions } from './client';

/** Prometheus refuses a range query of more points than this per series. */
export const MAX_POINTS_PER_SERIES = 11_000;

const RX = 'node_network_receive_bytes_total';
const TX = 'node_network_transmit_bytes_total';
const IFINDEX = 'node_network_iface_id';

export interface BaselineImportRequest extends PromClientOptions {
  instance: string;
  device: string;
  /** Seconds of history to import, ending at `end`. */
  rangeSeconds: number;
  stepSeconds: number;
  /** Seconds since the epoch; now by default. */
  end?: number;
  /** Called after each chunk with how many are done (progress on stderr). */
  onChunk?: (done: number, total: number) => void;
}

/** A PromQL string literal: the value between double quotes, with \ and " escaped. */
export function promString(value: string): string {
  return JSON.stringify(value);
}

function selector(instance: string, device: string): string {
  return `instance=${promString(instance)},device=${promString(device)}`;
}

/** The one series of `name` in an answer; refused when the selector matched several (two jobs scraping one exporter). */
function onlySeries(series: PromSeries[], name: string | null, what: string): PromSeries | null {
  const matching = series.filter((s) => name === null || s.labels.__name__ === name);
  if (matching.length > 1) {
    const jobs = matching.map((s) => s.labels.job ?? '?').join(', ');
    throw new PrometheusRefused(`${matching.length} series of ${what} match (jobs ${jobs}): Prometheus scrapes this exporter more than once`);
  }
  return matching[0] ?? null;
}

/**
 * Imports the raw counters and ifindex of one interface from Prometheus, chunk by chunk (no
 * chunk above the range API's per-series cap), and computes the long-term baseline from them.
 * Two queries per chunk: the three metrics in one selector, and the scrape time of the receive
 * counter (`timestamp()`), so rates use the true scrape times, not the query grid.
 */
export async function importLongTermBaseline(request: BaselineImportRequest): Promise<LongTermBaseline> {
  const client = new PrometheusClient(request);
  const step = request.stepSeconds;
  const end = Math.floor((request.end ?? Date.now() / 1000) / step) * step;
  const start = end - Math.floor(request.rangeSeconds / step) * step;
  const labels = selector(request.instance, request.device);
  const counters = `{__name__=~${promString(`${RX}|${TX}|${IFINDEX}`)},${labels}}`;
  const scrapeTimes = `timestamp(${RX}{${labels}})`;
  const chunks = chunkRanges(start, end, step, MAX_POINTS_PER_SERIES);
  const parts = { rx: [] as PromSeries[], tx: [] as PromSeries[], ifindex: [] as PromSeries[], sampleTime: [] as PromSeries[] };
  for (const [index, chunk] of chunks.entries()) {
    const [values, times] = await Promise.all([
      client.queryRange(counters, chunk.start, chunk.end, step),
      client.queryRange(scrapeTimes, chunk.start, chunk.end, step),
    ]);
    const found = {
      rx: onlySeries(values, RX, RX),
      tx: onlySeries(values, TX, TX),
      ifindex: onlySeries(values, IFINDEX, IFINDEX),
      sampleTime: onlySeries(times, null, `timestamp(${RX})`),
    };
    for (const key of Object.keys(parts) as Array<keyof typeof parts>) {
      const series = found[key];
      if (series) parts[key].push(series);
    }
    request.onChunk?.(index + 1, chunks.length);
  }
  if (parts.rx.length === 0) {
    throw new PrometheusRefused(
      `Prometheus at ${publicPrometheusUrl(client.base)} has no ${RX} for instance ${promString(request.instance)}, device ${promString(request.device)} in the range: check --instance (as on Prometheus' targets page) and --device`,
    );
  }
  if (parts.ifindex.length === 0) {
    throw new PrometheusRefused(`Prometheus has no ${IFINDEX} for this interface: node_exporter needs --collector.netclass, without it a re-created interface cannot be told apart`);
  }
  const points = joinImportedSeries({
    rx: concatSeries(parts.rx),
    tx: concatSeries(parts.tx),
    ifindex: concatSeries(parts.ifindex),
    sampleTime: concatSeries(parts.sampleTime),
    stepSeconds: step,
  });
  return computeLongTermBaseline(points, {
    prometheus: publicPrometheusUrl(client.base),
    instance: request.instance,
    device: request.device,
    from: start,
    to: end,
    stepSeconds: step,
    queries: client.queries,
  });
}
