import { z } from 'zod';
import { invoke } from '../define';
import type { ReportModel } from '../../report/model';

export const auditIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

export const reportInvoke = {
  /** The printable model of an audit the backend has opened (never a path from the renderer). */
  'report.model': invoke<ReportModel>()(z.object({ auditId: auditIdSchema }).strict()),
};
