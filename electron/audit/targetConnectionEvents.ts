import type { EvidenceBundle } from '../evidence';

/**
 * Keeps the losses and recoveries of the gateway connection in the bundle, with a note saying
 * what they mean for the samples: one record per event in outputs/target-connection.jsonl. The
 * headless audit (runAudit) and the guided one (AuditService) both end through this.
 */
export function keepTargetConnectionEvents(bundle: EvidenceBundle, events: readonly unknown[]): void {
  if (events.length === 0) return;
  bundle.appendOutputRecords('target-connection.jsonl', events);
  bundle.addNote({ step: null, text: `The connection to the audited gateway was lost and re-established during the audit (${events.length} events, outputs/target-connection.jsonl); samples resume after a marked gap.` });
}
