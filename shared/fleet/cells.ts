import { SEVERITIES } from '../findings/types';
import { formatBps } from '../format/units';
import type { FleetIntegrity, FleetRow } from './types';

/*
 * How a row reads, once, for every printer (terminal table and PDF). The strings that come
 * from a bundle (site, asset, folder, notes) are returned as they are: each printer makes them
 * safe for its medium (terminalSafe, React's escaping).
 */

export const INTEGRITY_LABEL: Record<FleetIntegrity, string> = {
  intact: 'intact',
  open: 'OPEN (never closed)',
  tampered: 'TAMPERED',
  unreadable: 'UNREADABLE',
  'not-a-bundle': 'NOT A BUNDLE',
};

export function riskCell(row: FleetRow): string {
  if (row.integrity === 'not-a-bundle') return '— (no bundle)';
  if (row.risk === 'untrusted') return '— (untrusted)';
  if (row.risk === 'not-assessed') return 'not assessed';
  return row.risk.toUpperCase();
}

/** "4/6 steps, 20/30 rules (missing: capture)". */
export function coverageCell(row: FleetRow): string {
  const c = row.coverage;
  if (!c) return '—';
  const missing = c.essentialMissing.length > 0 ? ` (missing: ${c.essentialMissing.join(', ')})` : '';
  return `${c.stepsCovered}/${c.stepsTotal} steps, ${c.rulesEvaluated}/${c.rulesTotal} rules${missing}`;
}

/** Critical/high/medium/low/info, e.g. "1/0/2/0/3". */
export const FINDINGS_HEADER = 'C/H/M/L/I';

export function findingsCell(row: FleetRow): string {
  return row.counts ? SEVERITIES.map((s) => String(row.counts![s])).join('/') : '—';
}

/** The report's one rounding rule (shared/format/units); a rate never measured says so. */
const rateCell = (bps: number | null) => (bps === null ? 'not measured' : formatBps(bps));

/** "p95 rx 1.2 Mbit/s tx 300 kbit/s, 2 re-creations, 0 gaps". */
export function baselineCell(row: FleetRow): string {
  const b = row.baseline;
  if (!b) return '—';
  return `p95 rx ${rateCell(b.rxP95Bps)} tx ${rateCell(b.txP95Bps)}, ${b.recreations} re-creation${b.recreations === 1 ? '' : 's'}, ${b.gaps} gap${b.gaps === 1 ? '' : 's'}`;
}

/** "2026-11-24 08:58 UTC" from an ISO time; the raw text otherwise (the printer sanitises it). */
export function auditedCell(row: FleetRow): string {
  const t = row.auditedAt;
  if (!t) return '—';
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(t) ? `${t.slice(0, 10)} ${t.slice(11, 16)} UTC` : t;
}

export function integrityCell(row: FleetRow): string {
  return INTEGRITY_LABEL[row.integrity];
}

export interface FleetColumn {
  header: string;
  cell: (row: FleetRow) => string;
}

/** The columns of the table, in order (site and asset are untrusted labels: see above). */
export const FLEET_COLUMNS: readonly FleetColumn[] = [
  { header: 'risk', cell: riskCell },
  { header: 'site', cell: (r) => r.site ?? '—' },
  { header: 'asset', cell: (r) => r.asset || '—' },
  { header: 'coverage', cell: coverageCell },
  { header: `findings ${FINDINGS_HEADER}`, cell: findingsCell },
  { header: 'baseline', cell: baselineCell },
  { header: 'audited', cell: auditedCell },
  { header: 'bundle', cell: integrityCell },
];
