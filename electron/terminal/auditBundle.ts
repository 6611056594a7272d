import type { AuditService } from '../audit/auditService';
import type { AuditSession } from '../audit/auditSession';
import { UserFacingError } from '../backend/dispatcher';
import type { EvidenceBundle } from '../evidence';

/** The part of AuditService's bookkeeping the terminal needs: the open audit's bundle. */
interface OpenAuditShape {
  session: AuditSession;
  closed: boolean;
}

/**
 * The evidence bundle of an open audit, into which the terminal's transcript goes.
 * AuditService keeps its audits private and has no accessor yet, so this reads its map
 * through a cast, in this one place; a public `AuditService.bundleOf(auditId)` would replace it.
 */
export function openAuditBundle(service: AuditService, auditId: string): EvidenceBundle {
  const audits = (service as unknown as { audits?: Map<string, OpenAuditShape> }).audits;
  const audit = audits?.get(auditId);
  if (!audit) throw new UserFacingError(`no open audit with id ${auditId}`);
  if (audit.closed) throw new UserFacingError('this audit is finished: its evidence takes no more terminal transcript');
  return audit.session.bundle;
}
