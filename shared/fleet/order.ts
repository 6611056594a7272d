import type { FleetRisk, FleetRow } from './types';

/**
 * Worst first. A row whose bundle cannot be trusted comes before everything: its custody is
 * broken and it may hide anything, so it is the first thing to act on (audit again). Then the
 * decisive ratings (critical, high, medium): known problems. Then the rows that give no clean
 * bill: not assessed (no findings at all), then INCOMPLETE (nothing worse than low was found,
 * but an essential step brought no evidence) — after medium, because a medium is a known
 * problem while these are a missing answer, and before low and minimal, because what was not
 * looked at may be worse than low. Then low, then minimal.
 */
export const FLEET_RISK_ORDER: readonly FleetRisk[] = ['untrusted', 'critical', 'high', 'medium', 'not-assessed', 'incomplete', 'low', 'minimal'];

export const FLEET_ORDER =
  'Worst first: bundles that fail verification (figures withheld), critical, high, medium, not assessed, ' +
  'INCOMPLETE (no clean bill: an essential step is missing), low, minimal. ' +
  'Within a rating: higher findings score first, then less coverage first, then the older audit first, then site and folder.';

function coverageRatio(row: FleetRow): number {
  const c = row.coverage;
  if (!c) return -1;
  const steps = c.stepsTotal > 0 ? c.stepsCovered / c.stepsTotal : 0;
  const rules = c.rulesTotal > 0 ? c.rulesEvaluated / c.rulesTotal : 0;
  return steps + rules;
}

/** ISO times compare as strings; a missing or odd time sorts as the oldest (least known). */
function auditedKey(row: FleetRow): string {
  return row.auditedAt !== null && /^\d{4}-\d\d-\d\dT/.test(row.auditedAt) ? row.auditedAt : '';
}

function byText(a: string | null, b: string | null): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareFleetRows(a: FleetRow, b: FleetRow): number {
  return (
    FLEET_RISK_ORDER.indexOf(a.risk) - FLEET_RISK_ORDER.indexOf(b.risk) ||
    (b.score ?? 0) - (a.score ?? 0) ||
    coverageRatio(a) - coverageRatio(b) ||
    byText(auditedKey(a), auditedKey(b)) ||
    byText(a.site, b.site) ||
    byText(a.dir, b.dir)
  );
}

/** A sorted copy: the total order above (ties broken by folder), so the same bundles always print the same table. */
export function sortFleetRows(rows: readonly FleetRow[]): FleetRow[] {
  return [...rows].sort(compareFleetRows);
}
