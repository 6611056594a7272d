import { z } from 'zod';
import { invoke, push } from '../define';
import { auditIdentitySchema, auditTargetSchema } from '../../model/audit';
import { STEP_IDS, type StepId } from '../../checklist/steps';
import { MAX_PING_COUNT, MIN_PING_COUNT } from '../../steps/specs/latency';
import type { ChecklistState } from '../../checklist/state';
import type { AuditFacts } from '../../findings/facts';
import type { FindingsReport } from '../../findings/types';
import type { MissingPrerequisite } from '../../checklist/prerequisites';
import { auditIdSchema } from './report';
import { sshTargetTextSchema } from './target';
import type { AuditStatus } from '../../model/auditStatus';

const stepSchema = z.enum(STEP_IDS);

/** What the renderer shows of an audit in progress (facts carry no secret: chap-secrets is summarised). */
export interface AuditView {
  auditId: string;
  dir: string;
  identity: z.infer<typeof auditIdentitySchema>;
  target: z.infer<typeof auditTargetSchema>;
  /** The gateway the steps run on (ssh://user@host:port), or null for this machine. */
  gateway: string | null;
  checklist: ChecklistState;
  /** What the plans of this audit's steps are derived from besides the auditor's options (shared/steps). */
  plan: { kernelRelease: string | null; captureDir: string };
  /** The options of each step's last run (or the defaults): the GUI shows the plan for these until changed. */
  options: Record<StepId, { windowS: number; pingCount: number; intervalMs: number }>;
  facts: AuditFacts;
  findings: FindingsReport | null;
  missingPrerequisites: MissingPrerequisite[];
  /** Finished and sealed (signed), or abandoned: nothing more is written. */
  closed: boolean;
  /** open, closed (finished and signed) or abandoned (kept, never counted as the site's audit). */
  status: AuditStatus;
  /** The step the backend is running now (a reloaded page re-attaches to it), with its progress so far. */
  running: StepProgress | null;
  /** The signed report inside the bundle (bundle-relative), once finished. */
  finalReport: string | null;
}

/** How far a running step is: the GUI's countdown and live counts. */
export interface StepProgress {
  auditId: string;
  step: StepId;
  runId: number;
  startedAt: string;
  /** How long the run is planned to take (window, echo requests); null when it cannot be told. */
  plannedS: number | null;
  /** What was gathered so far, as the collectors count it. */
  counts: { packets?: number; bytes?: number; samples?: number; replies?: number };
  /** The auditor pressed Cancel: the run is ending and keeps what it gathered. */
  cancelling: boolean;
}

export const auditInvoke = {
  'audit.start': invoke<AuditView>()(
    z
      .object({
        identity: auditIdentitySchema,
        target: auditTargetSchema,
        linkSpeedMbps: z.number().positive().max(1_000_000).nullable().default(null),
        /**
         * Where the steps run: null for this machine, or the ssh:// target the backend is connected
         * to now (target.state). Said explicitly so an audit never starts on another machine than
         * the one the auditor chose; a mismatch is refused.
         */
        gateway: sshTargetTextSchema.nullable().default(null),
      })
      .strict(),
  ),
  'audit.runStep': invoke<AuditView>()(
    z
      .object({
        auditId: auditIdSchema,
        step: stepSchema,
        /** Sampling / capture window of steps 3 and 4. */
        durationS: z.number().int().min(5).max(3600).default(30),
        /** Echo requests of step 6 (0.2 s apart). */
        pingCount: z.number().int().min(MIN_PING_COUNT).max(MAX_PING_COUNT).default(50),
      })
      .strict(),
  ),
  'audit.skip': invoke<AuditView>()(
    z.object({ auditId: auditIdSchema, step: stepSchema, reason: z.string().trim().min(1).max(2000) }).strict(),
  ),
  'audit.note': invoke<AuditView>()(
    z.object({ auditId: auditIdSchema, step: stepSchema, text: z.string().trim().min(1).max(20_000) }).strict(),
  ),
  /**
   * Finish and sign: seals the audit for good and prints the final report into the bundle. The
   * literal `confirmed` makes an accidental call (a stale button, a replayed request) impossible.
   */
  'audit.finish': invoke<AuditView>()(
    z
      .object({
        auditId: auditIdSchema,
        confirmed: z.literal(true),
        paper: z.enum(['A4', 'Letter']).default('A4'),
        signedBy: z.string().trim().max(200).default(''),
      })
      .strict(),
  ),
  /** Before finishing: a draft (watermarked on every page, the audit stays open). After: the signed report. */
  'audit.exportPdf': invoke<{ path: string; draft: boolean }>()(
    z.object({ auditId: auditIdSchema, paper: z.enum(['A4', 'Letter']).default('A4') }).strict(),
  ),
  /** Ends the running step early; what it gathered is kept and the run is recorded as cancelled. */
  'audit.cancel': invoke<{ cancelled: boolean }>()(z.object({ auditId: auditIdSchema }).strict()),
  /** The audits open in the backend now (a reloaded page re-attaches to them), newest first. */
  'audit.current': invoke<AuditView[]>()(z.object({}).strict()),
  /** Reopens an open audit from its bundle (after the app was restarted) to continue it. */
  'audit.resume': invoke<AuditView>()(z.object({ auditId: auditIdSchema }).strict()),
  /** Gives an open audit up: kept on disk, marked abandoned in custody, never the site's audit. */
  'audit.abandon': invoke<AuditView>()(
    z.object({ auditId: auditIdSchema, reason: z.string().trim().min(1).max(2000) }).strict(),
  ),
};

export interface AuditOutput {
  auditId: string;
  step: StepId;
  lines: string[];
}

export const auditPush = {
  /** Live output of the step being run (ping replies, progress), batched. */
  'audit.output': push<AuditOutput>(),
  /** The audit after every change (a step started or ended, a note, finish): every window stays in step. */
  'audit.view': push<AuditView>(),
  /** The running step's countdown and counts, a few times a second. */
  'audit.progress': push<StepProgress>(),
};
