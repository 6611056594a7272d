import { z } from 'zod';

/**
 * The two shapes of a Prometheus HTTP API answer we accept (/api/v1/query_range): a matrix on
 * success, an error with its type otherwise. Anything else (an HTML login page, a proxy's
 * error, a truncated body, a vector where a matrix was asked) is refused with one line.
 */
const sampleValue = z.string().max(64);
const matrixSeries = z.object({
  metric: z.record(z.string().max(1024), z.string().max(4096)),
  values: z.array(z.tuple([z.number().finite(), sampleValue])).max(1_000_000),
});
const successSchema = z.object({
  status: z.literal('success'),
  data: z.object({ resultType: z.literal('matrix'), result: z.array(matrixSeries).max(10_000) }),
  warnings: z.array(z.string()).optional(),
});
const errorSchema = z.object({ status: z.literal('error'), errorType: z.string().max(200), error: z.string().max(2000) });

export interface PromSeries {
  labels: Record<string, string>;
  /** Seconds since the epoch, ascending. */
  t: Float64Array;
  /** The sample values; NaN for anything not a finite number (Prometheus writes "NaN", "+Inf"). */
  v: Float64Array;
}

export type PromMatrixResult = { ok: true; series: PromSeries[]; warnings: string[] } | { ok: false; message: string };

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Parses the JSON text of a query_range answer; never throws. */
export function parsePromMatrix(body: string): PromMatrixResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, message: `not a Prometheus API answer (not JSON): ${JSON.stringify(oneLine(body, 80))}` };
  }
  const error = errorSchema.safeParse(json);
  if (error.success) return { ok: false, message: `Prometheus refused the query (${oneLine(error.data.errorType, 40)}): ${oneLine(error.data.error)}` };
  const parsed = successSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `not a Prometheus range-query answer: ${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'unknown shape'}` };
  }
  const series: PromSeries[] = [];
  for (const s of parsed.data.data.result) {
    const t = new Float64Array(s.values.length);
    const v = new Float64Array(s.values.length);
    for (let i = 0; i < s.values.length; i++) {
      const [ts, raw] = s.values[i]!;
      if (i > 0 && ts <= t[i - 1]!) return { ok: false, message: 'not a Prometheus range-query answer: sample times are not ascending' };
      t[i] = ts;
      const value = Number(raw);
      v[i] = raw.trim() !== '' && Number.isFinite(value) ? value : Number.NaN;
    }
    series.push({ labels: s.metric, t, v });
  }
  return { ok: true, series, warnings: parsed.data.warnings ?? [] };
}
