import { z } from 'zod';
import { invoke, push } from '../define';
import { auditIdSchema } from './report';
import { ifaceNameSchema } from '../../model/ifaceName';
import { parsePromDuration } from '../../baseline/promDuration';
import type { LongTermBaselineSummary } from '../../baseline/longTermSummary';

/** The GUI imports at the CLI's default resolution: one point a minute. */
export const GUI_BASELINE_STEP_S = 60;
/** The CLI's own bound on range / step: beyond it an import is refused, not attempted. */
const MAX_POINTS = 5_000_000;

function isImportableRange(text: string): boolean {
  const seconds = parsePromDuration(text);
  return seconds !== null && seconds >= 2 * GUI_BASELINE_STEP_S && seconds / GUI_BASELINE_STEP_S <= MAX_POINTS;
}

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
    range: z.string().trim().min(1).max(40).refine(isImportableRange),
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
  .strict();

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
