import { z } from 'zod';
import { auditIdentitySchema, auditTargetSchema } from '../../shared/model/audit';

/** Where everything lives inside a bundle (paths relative to the bundle folder). */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  audit: 'audit.json',
  custody: 'custody.jsonl',
  commands: 'commands.jsonl',
  notes: 'notes.jsonl',
  samples: 'samples/throughput.jsonl',
  checklist: 'checklist.json',
  checklistEvents: 'checklist-events.jsonl',
  findings: 'findings.json',
  facts: 'facts.json',
} as const;

export const BUNDLE_DIRS = ['outputs', 'captures', 'samples', 'recovery'] as const;

/** Where "Finish and sign" puts the final PDF (report/report-A4.pdf): inside, hashed in the manifest. */
export const REPORT_DIR = 'report';

/** Held while a process writes the bundle (holds its pid); never part of the evidence. */
export const WRITER_LOCK = 'writer.lock';

/** Temp files of atomic writes (`<name>.tmp-<random hex>`, `<name>.tmp-<pid>` before): never part of the evidence. */
export const TEMP_FILE = /\.tmp-[0-9a-f]+$/;

export function isAppendOnly(path: string): boolean {
  return path.endsWith('.jsonl');
}

export const AUDIT_FORMAT = 'pptp-auditor-audit/1';

export const auditRecordSchema = z.object({
  format: z.literal(AUDIT_FORMAT),
  bundleId: z.string().min(1),
  createdAt: z.string(),
  identity: auditIdentitySchema,
  target: auditTargetSchema.nullable(),
});

export type AuditRecord = z.infer<typeof auditRecordSchema>;
