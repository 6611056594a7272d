import { z } from 'zod';
import { invoke, push } from '../define';
import { auditIdSchema } from './report';
import { ifaceNameSchema } from '../../model/ifaceName';
import { parsePromDuration } from '../../baseline/promDuration';
import type { LongTermBaselineSummary } from '../../baseline/longTermSummary';

/** The CLI's default resolution (`baseline --step`): one point a minute. */
export const DEFAULT_BASELINE_STEP = '60s';
/** The CLI's own bound on range / step: beyond it an import is refused, not attempted. */
const MAX_POINTS = 5_000_000;

const isDuration = (text: string) => parsePromDuration(text) !== null;

/** What the panel shows of the long-term baseline an audit holds (or the problem with the one it holds). */
export interface BaselineState {
  summary: LongTermBaselineSummary | null;
  problem: string | null;
}

export interface BaselineProgress {
  auditId: string;
  done: number;
  total: number;
}

export const baselineImportSchema = z
  .object({
    auditId: auditIdSchema,
    /** Checked here for its shape; the client refuses the rest (credentials in it, plain http with a token). */
    prometheus: z.string().trim().min(1).max(2048).regex(/^https?:\/\/[^\s/?#]+/i),
    instance: z.string().trim().min(1).max(256),
    device: ifaceNameSchema,
    range: z.string().trim().min(1).max(40).refine(isDuration),
    /** At least the scrape interval; the CLI's default unless the auditor knows better. */
    step: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .refine((text) => (parsePromDuration(text) ?? 0) >= 1)
      .default(DEFAULT_BASELINE_STEP),
    /**
     * A file on the backend's machine holding the bearer token: only its path crosses IPC, the
     * token is read there and never sent back. Absolute, since the backend's working folder is
     * not the auditor's.
     */
    bearerTokenFile: z
      .string()
      .trim()
      .max(4096)
      .refine((p) => p === '' || (p.startsWith('/') && !/[\u0000-\u001f\u007f]/.test(p)))
      .default(''),
  })
  .strict()
  .superRefine((request, context) => {
    const range = parsePromDuration(request.range);
    const step = parsePromDuration(request.step);
    if (range === null || step === null || step < 1) return;
    // As the CLI: two steps at least (one rate), and no import of millions of points.
    if (range < 2 * step || range / step > MAX_POINTS) context.addIssue({ code: 'custom', path: ['range'], message: 'range out of bounds for the step' });
  });

export const baselineInvoke = {
  /**
   * Imports the tunnel's long-term baseline from Prometheus (as `pptp-auditor baseline`) and
   * attaches it to the open audit's bundle (as `audit --baseline-file`). Refused when the audit
   * is closed or already holds one.
   */
  'baseline.import': invoke<BaselineState>()(baselineImportSchema),
  /** The long-term baseline the audit's bundle holds, summarised; works on closed audits too. */
  'baseline.get': invoke<BaselineState>()(z.object({ auditId: auditIdSchema }).strict()),
};

export const baselinePush = {
  /** Chunks of the running import done so far. */
  'baseline.progress': push<BaselineProgress>(),
};
