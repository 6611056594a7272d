import type { CustodyEvent, Manifest } from './evidence';

/**
 * Where an audit stands, read from its manifest and custody log (never from the GUI's memory):
 * open (still being worked on, or interrupted), closed (finished and sealed) or abandoned
 * (given up: kept on disk for the record, never counted as an audit of the site).
 */
export type AuditStatus = 'open' | 'closed' | 'abandoned';

export function auditStatus(state: Manifest['state'], custody: readonly Pick<CustodyEvent, 'event'>[]): AuditStatus {
  if (custody.some((c) => c.event === 'abandoned')) return 'abandoned';
  return state;
}

/** A report printed before "Finish and sign" is a draft, whatever the bundle's state. */
export function isSigned(custody: readonly Pick<CustodyEvent, 'event'>[]): boolean {
  return custody.some((c) => c.event === 'signed');
}
