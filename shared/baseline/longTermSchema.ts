import { z } from 'zod';

/**
 * The long-term baseline as written by `pptp-auditor baseline --out` and kept in an audit
 * bundle: one schema, so a file read back (into an audit, the report or `fleet`) is checked
 * the same way it was written. Rates are bits per second; times are seconds since the epoch.
 */
const epoch = z.number().finite().nonnegative();
const bps = z.number().finite().nonnegative();

export const rateStatsSchema = z.object({
  p50: bps,
  p95: bps,
  p99: bps,
  peak: bps,
  peakAt: epoch,
});

export const longTermBucketSchema = z.object({
  start: epoch,
  intervals: z.number().int().positive(),
  rx: rateStatsSchema,
  tx: rateStatsSchema,
});

export const longTermGapSchema = z.object({ from: epoch, to: epoch, seconds: z.number().finite().nonnegative() });

export const longTermRecreationSchema = z.object({
  at: epoch,
  fromIfindex: z.number().int(),
  toIfindex: z.number().int(),
  /** The interface was also absent in between (a redial), rather than replaced between two scrapes. */
  acrossGap: z.boolean(),
});

export const SEGMENT_ENDS = ['ifindex-change', 'counter-reset', 'gap', 'end'] as const;

export const longTermSegmentSchema = z.object({
  from: epoch,
  to: epoch,
  ifindex: z.number().int(),
  rxBytes: z.number().finite().nonnegative(),
  txBytes: z.number().finite().nonnegative(),
  meanRxBps: bps,
  meanTxBps: bps,
  endedBy: z.enum(SEGMENT_ENDS),
});

export const longTermBaselineSchema = z.object({
  kind: z.literal('pptp-auditor/long-term-baseline'),
  version: z.literal(1),
  source: z.object({
    /** Without credentials: only scheme, host, port and path are kept. */
    prometheus: z.string().max(2048),
    instance: z.string().max(1024),
    device: z.string().max(64),
    from: epoch,
    to: epoch,
    stepSeconds: z.number().finite().positive(),
    queries: z.number().int().nonnegative(),
  }),
  overall: z.object({
    intervals: z.number().int().nonnegative(),
    /** Seconds covered by intervals a rate was computed over (never across a boundary). */
    coveredSeconds: z.number().finite().nonnegative(),
    rx: rateStatsSchema.nullable(),
    tx: rateStatsSchema.nullable(),
  }),
  hourly: z.array(longTermBucketSchema).max(100_000),
  daily: z.array(longTermBucketSchema).max(10_000),
  recreations: z.array(longTermRecreationSchema).max(100_000),
  counterResets: z.number().int().nonnegative(),
  gaps: z.array(longTermGapSchema).max(100_000),
  segments: z.array(longTermSegmentSchema).max(100_000),
});

export type RateStats = z.infer<typeof rateStatsSchema>;
export type LongTermBucket = z.infer<typeof longTermBucketSchema>;
export type LongTermGap = z.infer<typeof longTermGapSchema>;
export type LongTermRecreation = z.infer<typeof longTermRecreationSchema>;
export type LongTermSegment = z.infer<typeof longTermSegmentSchema>;
export type SegmentEnd = (typeof SEGMENT_ENDS)[number];
export type LongTermBaseline = z.infer<typeof longTermBaselineSchema>;

/** Reads a baseline file's JSON text; a one-line reason when it is not one. */
export function parseLongTermBaseline(text: string): { ok: true; baseline: LongTermBaseline } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'not a long-term baseline (not JSON)' };
  }
  const parsed = longTermBaselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `not a long-term baseline: ${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'unknown shape'}` };
  }
  return { ok: true, baseline: parsed.data };
}
