import type { RiskRating, Severity } from '../findings/types';

/**
 * How far a bundle's figures can be trusted, from its verification:
 * - intact: every file matches the manifest and the audit was closed;
 * - open: the manifest holds, but the audit was never closed (still running, or it crashed):
 *   its figures are what was sealed so far, a partial audit;
 * - tampered: a file was changed, added, removed or refused (link, FIFO, device…);
 * - unreadable: the manifest itself (or a fixed file the summary needs) was refused or damaged;
 * - not-a-bundle: the folder holds no manifest.json.
 * Only intact and open bundles give figures; the others give a row that says why not.
 */
export type FleetIntegrity = 'intact' | 'open' | 'tampered' | 'unreadable' | 'not-a-bundle';

/** The integrity states whose figures are shown. */
export function figuresTrusted(integrity: FleetIntegrity): boolean {
  return integrity === 'intact' || integrity === 'open';
}

/**
 * The risk column: the findings engine's rating, or why there is none. 'untrusted': the bundle
 * fails verification, so its rating is not repeated; 'not-assessed': the bundle holds no
 * (readable) findings.json, e.g. an audit that crashed before its findings were written.
 */
export type FleetRisk = RiskRating | 'not-assessed' | 'untrusted';

/** Long-term baseline figures from Prometheus, when the bundle carries them (shared/baseline's summary). */
export interface FleetBaseline {
  /** 95th percentile of the receive rate over the imported range, bits per second; null when never measured. */
  rxP95Bps: number | null;
  txP95Bps: number | null;
  /** How often the tunnel interface was re-created (ifindex changes) in the range. */
  recreations: number;
  /** Spans with no samples in the range. */
  gaps: number;
}

export interface FleetCoverage {
  stepsCovered: number;
  stepsTotal: number;
  essentialMissing: string[];
  rulesEvaluated: number;
  rulesTotal: number;
}

/** One bundle, one row of the fleet table. Every string in it comes from the bundle: untrusted text. */
export interface FleetRow {
  /** The folder as given on the command line. */
  dir: string;
  bundleId: string | null;
  site: string | null;
  asset: string | null;
  /** When the audit started (UTC ISO), and when it was closed (null while open). */
  auditedAt: string | null;
  closedAt: string | null;
  integrity: FleetIntegrity;
  risk: FleetRisk;
  /** Weighted findings score (critical 40, high 15, medium 5, low 1); null without trusted findings. */
  score: number | null;
  counts: Record<Severity, number> | null;
  coverage: FleetCoverage | null;
  baseline: FleetBaseline | null;
  /** Why figures are missing or withheld, verification problems and warnings: one line each, at most a few. */
  notes: string[];
}

export interface FleetSummary {
  format: typeof FLEET_FORMAT;
  generatedAt: string;
  /** Worst first (see FLEET_ORDER in order.ts). */
  rows: FleetRow[];
  /** How the rows are ordered, in words (printed under the table and kept in the JSON). */
  order: string;
}

export const FLEET_FORMAT = 'pptp-auditor-fleet/1';

