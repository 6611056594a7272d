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

const stepSchema = z.enum(STEP_IDS);

/** What the renderer shows of an audit in progress (facts carry no secret: chap-secrets is summarised). */
export interface AuditView {
  auditId: string;
  dir: string;
  identity: z.infer<typeof auditIdentitySchema>;
  target: z.infer<typeof auditTargetSchema>;
  checklist: ChecklistState;
  /** What the plans of this audit's steps are derived from besides the auditor's options (shared/steps). */
  plan: { kernelRelease: string | null; captureDir: string };
  /** The options of each step's last run (or the defaults): the GUI shows the plan for these until changed. */
  options: Record<StepId, { windowS: number; pingCount: number; intervalMs: number }>;
  facts: AuditFacts;
  findings: FindingsReport | null;
  missingPrerequisites: MissingPrerequisite[];
  closed: boolean;
}

export const auditInvoke = {
  'audit.start': invoke<AuditView>()(
    z
      .object({
        identity: auditIdentitySchema,
        target: auditTargetSchema,
        linkSpeedMbps: z.number().positive().max(1_000_000).nullable().default(null),
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
  'audit.finish': invoke<AuditView>()(z.object({ auditId: auditIdSchema }).strict()),
  'audit.exportPdf': invoke<{ path: string }>()(
    z.object({ auditId: auditIdSchema, paper: z.enum(['A4', 'Letter']).default('A4') }).strict(),
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
};
