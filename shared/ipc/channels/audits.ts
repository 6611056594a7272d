import { z } from 'zod';
import { invoke } from '../define';
import type { ChartPoint } from '../../analysis/downsample';
import type { BaselineComparison } from '../../model/evidence';
import type { FindingsReport } from '../../findings/types';
import type { ChecklistState } from '../../checklist/state';
import { auditIdSchema } from './report';
import type { AuditStatus } from '../../model/auditStatus';

export interface AuditSummary {
  auditId: string;
  site: string;
  createdAt: string;
  /** open, closed (finished and signed) or abandoned (kept for the record, never the site's audit). */
  state: AuditStatus;
  /** Open in the backend right now (a reloaded page re-attaches to it); an open one that is not can be resumed. */
  active: boolean;
  risk: string | null;
  findings: number;
  /** The sample audit shipped with the app (recorded in the PPTP lab): read-only, never an audit of a site. */
  sample?: true;
}

/** An earlier audit reopened read-only: its checklist, findings and the samples to replay. */
export interface SavedAudit {
  summary: AuditSummary;
  checklist: ChecklistState | null;
  findings: FindingsReport | null;
  throughput: ChartPoint[];
  problems: string[];
}

export const auditsInvoke = {
  /** The audits in the audits folder, newest first (ids only: paths never cross IPC). */
  'audits.list': invoke<AuditSummary[]>()(z.object({}).strict()),
  /** The shipped sample audit, or null when this installation has none. */
  'audits.sample': invoke<AuditSummary | null>()(z.object({}).strict()),
  'audits.open': invoke<SavedAudit>()(z.object({ auditId: auditIdSchema }).strict()),
  'audits.compare': invoke<BaselineComparison>()(z.object({ baseId: auditIdSchema, auditId: auditIdSchema }).strict()),
};
