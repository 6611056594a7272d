import type { AuditService } from '../audit/auditService';
import type { EvidenceBundle } from '../evidence';

/** The evidence bundle of an open audit, into which the terminal's transcript goes. */
export function openAuditBundle(service: AuditService, auditId: string): EvidenceBundle {
  return service.bundleOf(auditId);
}
