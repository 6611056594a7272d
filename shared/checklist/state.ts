import { z } from 'zod';
import { auditTargetSchema } from '../model/audit';
import { STEP_IDS } from './steps';
import { PREREQUISITE_IDS } from './prerequisites';

export const CHECKLIST_FORMAT = 'pptp-auditor-checklist/1';

export const verdictLevelSchema = z.enum(['pass', 'warn', 'fail']);
export type VerdictLevel = z.infer<typeof verdictLevelSchema>;

export const verdictSchema = z.object({
  level: verdictLevelSchema,
  reason: z.string().min(1).max(2000),
});
export type Verdict = z.infer<typeof verdictSchema>;

export const runOutcomeSchema = z.enum(['running', 'done', 'failed-to-run']);

/** One attempt at a step. Re-running appends a new one; old runs stay as history. */
export const stepRunSchema = z.object({
  runId: z.number().int().positive(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  outcome: runOutcomeSchema,
  /** The commands as displayed when the run started (the target may change later). */
  commands: z.array(z.string()),
  target: auditTargetSchema,
  verdict: verdictSchema.nullable(),
  /** Why the step could not run (tool missing, spawn error), when it could not. */
  error: z.string().nullable(),
  /** Bundle-relative paths of the evidence the run produced. */
  evidence: z.array(z.string()),
  /** The auditor cancelled the run: what it gathered until then is kept and judged as partial. */
  cancelled: z.boolean().optional(),
});
export type StepRun = z.infer<typeof stepRunSchema>;

export const noteSchema = z.object({
  id: z.number().int().positive(),
  at: z.string(),
  text: z.string().min(1).max(20_000),
});
export type Note = z.infer<typeof noteSchema>;

export const stepStatusSchema = z.enum(['pending', 'running', 'done', 'skipped', 'failed-to-run']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const stepStateSchema = z.object({
  id: z.enum(STEP_IDS),
  status: stepStatusSchema,
  runs: z.array(stepRunSchema),
  skip: z.object({ at: z.string(), reason: z.string().min(1) }).nullable(),
  /** The auditor's own judgement, which takes precedence over the computed verdict. */
  verdictOverride: verdictSchema.extend({ at: z.string() }).nullable(),
  notes: z.array(noteSchema),
});
export type StepState = z.infer<typeof stepStateSchema>;

export const checklistStateSchema = z.object({
  format: z.literal(CHECKLIST_FORMAT),
  target: auditTargetSchema.nullable(),
  prerequisites: z.object({
    probedAt: z.string().nullable(),
    results: z.partialRecord(z.enum(PREREQUISITE_IDS), z.boolean()),
    /** Where they were probed: the gateway's ssh:// target, null for this machine (older bundles: absent). */
    gateway: z.string().nullable().default(null),
  }),
  steps: z.object({
    'identify-interfaces': stepStateSchema,
    'kernel-modules': stepStateSchema,
    throughput: stepStateSchema,
    capture: stepStateSchema,
    logs: stepStateSchema,
    latency: stepStateSchema,
  }),
  nextNoteId: z.number().int().positive(),
});
export type ChecklistState = z.infer<typeof checklistStateSchema>;
