import { z } from 'zod';
import type { ThroughputFacts } from '../../findings/facts';
import type { ThroughputSample } from '../../model/throughput';
import { summariseSamples } from '../../analysis/throughputStats';
import { FactsInputError } from './errors';
import { splitLines } from './lines';

const num = z.number().finite();
const nullableNum = num.nullable();
const gapReason = z.enum(['start', 'counter-reset', 'ifindex-changed', 'vanished', 'returned', 'connection-lost']);

/** One line of samples/throughput.jsonl; our own shape, but the file is evidence read back. */
const sampleSchema = z.object({
  t: num,
  iface: z.string(),
  ifindex: nullableNum,
  present: z.boolean(),
  intervalMs: nullableNum,
  rxBytes: nullableNum,
  txBytes: nullableNum,
  rxPackets: nullableNum,
  txPackets: nullableNum,
  rxBps: nullableNum,
  txBps: nullableNum,
  rxPps: nullableNum,
  txPps: nullableNum,
  rxErrors: num,
  txErrors: num,
  rxDropped: num,
  txDropped: num,
  gap: z.boolean(),
  gapReason: gapReason.nullable(),
});

export interface NumberedSample {
  sample: ThroughputSample;
  /** 1-based line of the JSONL file. */
  line: number;
}

/** Reads the samples JSONL with line numbers; lines that are not samples (torn tail) are skipped. */
export function readSamplesJsonl(text: string): { samples: NumberedSample[]; badLines: number[] } {
  const samples: NumberedSample[] = [];
  const badLines: number[] = [];
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      badLines.push(i + 1);
      return;
    }
    const parsed = sampleSchema.safeParse(value);
    if (parsed.success) samples.push({ sample: parsed.data, line: i + 1 });
    else badLines.push(i + 1);
  });
  return { samples, badLines };
}

/** Gap reasons that break the stream; 'start' only opens it. */
const DISCONTINUITIES = new Set(['counter-reset', 'ifindex-changed', 'vanished', 'returned', 'connection-lost']);

/**
 * Step 3: the samples of one interface → ThroughputFacts. `samples` is the JSONL text of the
 * bundle, or samples already read (then their position in the array + 1 is taken as the line,
 * which holds when the array is the file's content in order).
 */
export function throughputFacts(
  samples: string | readonly ThroughputSample[] | readonly NumberedSample[],
  file: string,
  iface: string,
  linkSpeedMbps: number | null,
  linkSpeedSource: ThroughputFacts['linkSpeedSource'],
): ThroughputFacts {
  let numbered: NumberedSample[];
  if (typeof samples === 'string') numbered = readSamplesJsonl(samples).samples;
  else numbered = samples.map((s, i) => ('sample' in s ? s : { sample: s, line: i + 1 }));
  const mine = numbered.filter((n) => n.sample.iface === iface);
  if (mine.length === 0) throw new FactsInputError(file, `no throughput sample of ${iface}`);
  const discontinuities = mine
    .filter((n) => n.sample.gap && n.sample.gapReason !== null && DISCONTINUITIES.has(n.sample.gapReason))
    .map((n) => ({ t: n.sample.t, reason: n.sample.gapReason!, line: n.line }));
  const speed = linkSpeedMbps !== null && Number.isFinite(linkSpeedMbps) && linkSpeedMbps > 0 ? linkSpeedMbps : null;
  return {
    source: file,
    iface,
    stats: summariseSamples(mine.map((n) => n.sample)),
    linkSpeedMbps: speed,
    linkSpeedSource: speed === null ? null : linkSpeedSource,
    discontinuities,
  };
}
