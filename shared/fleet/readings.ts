import { z } from 'zod';
import { STEP_IDS } from '../checklist/steps';
import { SEVERITIES, type Severity } from '../findings/types';
import { figuresTrusted, type FleetBaseline, type FleetCoverage, type FleetIntegrity, type FleetRow } from './types';

/**
 * What the IO side (electron/fleet/summary) read from one folder through the evidence
 * chokepoint, before any of it is believed. Pure data, so the judgement below is tested
 * without a file system.
 */
export interface BundleReading {
  dir: string;
  /** null: the folder holds no manifest.json at all. */
  verification: { state: 'open' | 'closed' | 'unreadable'; intact: boolean; problems: string[]; warnings: string[] } | null;
  /** From the manifest (null when it could not be read). */
  manifest: { bundleId: string; site: string; createdAt: string; closedAt: string | null } | null;
  /** From audit.json (null when absent or malformed). */
  identity: { site: string; asset: string } | null;
  /** A refusal that stopped the read (a fixed file that is a link, FIFO, device…); null when read. */
  readError: string | null;
  /** Parsed findings.json, or null when absent. */
  findings: unknown;
  /** Parsed baseline file, or null when absent. */
  baseline: unknown;
  /** Files present but not usable (invalid JSON, malformed audit.json…). */
  problems: string[];
}

const count = z.number().int().min(0).max(1_000_000);

const riskSchema = z.object({
  rating: z.enum(['critical', 'high', 'medium', 'low', 'minimal', 'incomplete']),
  score: z.number().finite().min(0),
  counts: z.object(Object.fromEntries(SEVERITIES.map((s) => [s, count])) as Record<Severity, typeof count>),
  // Older bundles (before coverage travelled with the rating) have none.
  coverage: z
    .object({
      stepsCovered: z.array(z.string().max(64)).max(STEP_IDS.length),
      essentialMissing: z.array(z.string().max(64)).max(STEP_IDS.length),
      rulesEvaluated: count,
      rulesTotal: count,
    })
    .optional(),
});

const findingsSchema = z.object({ risk: riskSchema });

const rate = z.number().finite().min(0);
/** Extra fields are the baseline's own business; these four are what the table shows. */
export const fleetBaselineSchema = z.object({ rxP95Bps: rate.nullable(), txP95Bps: rate.nullable(), recreations: count, gaps: count });

const MAX_NOTES = 4;
const MAX_NOTE = 300;
const MAX_LABEL = 200;

function label(text: string | undefined | null): string | null {
  if (text === undefined || text === null) return null;
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL)}…` : text;
}

function notesOf(lines: string[]): string[] {
  const shown = lines.slice(0, MAX_NOTES).map((l) => (l.length > MAX_NOTE ? `${l.slice(0, MAX_NOTE)}…` : l));
  if (lines.length > MAX_NOTES) shown.push(`and ${lines.length - MAX_NOTES} more (pptp-auditor verify names them all)`);
  return shown;
}

function integrityOf(reading: BundleReading): FleetIntegrity {
  if (reading.verification === null) return 'not-a-bundle';
  if (reading.verification.state === 'unreadable' || reading.readError !== null) return 'unreadable';
  if (!reading.verification.intact) return 'tampered';
  return reading.verification.state === 'open' ? 'open' : 'intact';
}

/**
 * The worst severity the counts show, as the findings engine rates it. A rating better than its
 * own counts (e.g. "minimal" beside a critical finding) is a resealed, edited findings.json:
 * such a rating is not repeated.
 */
function ratingAgreesWithCounts(rating: string, counts: Record<Severity, number>): boolean {
  const worst = SEVERITIES.find((s) => s !== 'info' && counts[s] > 0);
  if (worst === 'critical' || worst === 'high' || worst === 'medium') return rating === worst;
  if (worst === 'low') return rating === 'low' || rating === 'incomplete';
  return rating === 'minimal' || rating === 'incomplete';
}

function judgeFindings(raw: unknown): { ok: true; risk: z.infer<typeof riskSchema> } | { ok: false; why: string } {
  if (raw === null || raw === undefined) return { ok: false, why: 'no findings.json: the audit never reached its findings (not assessed)' };
  const parsed = findingsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, why: 'findings.json is malformed: its rating is not repeated' };
  const { risk } = parsed.data;
  if (!ratingAgreesWithCounts(risk.rating, risk.counts)) {
    return { ok: false, why: `findings.json rates the site ${risk.rating} against its own finding counts: its rating is not repeated` };
  }
  return { ok: true, risk };
}

function coverageOf(coverage: z.infer<typeof riskSchema>['coverage']): FleetCoverage | null {
  if (!coverage) return null;
  return {
    stepsCovered: coverage.stepsCovered.length,
    stepsTotal: STEP_IDS.length,
    essentialMissing: coverage.essentialMissing,
    rulesEvaluated: coverage.rulesEvaluated,
    rulesTotal: coverage.rulesTotal,
  };
}

/** One row from one reading: figures only from a bundle that verifies and whose files make sense. */
export function fleetRow(reading: BundleReading): FleetRow {
  const integrity = integrityOf(reading);
  const v = reading.verification;
  const row: FleetRow = {
    dir: reading.dir,
    bundleId: label(reading.manifest?.bundleId),
    // Labels identify the row even when its figures are withheld (printed sanitised).
    site: label(reading.identity?.site ?? reading.manifest?.site),
    asset: label(reading.identity?.asset),
    auditedAt: label(reading.manifest?.createdAt),
    closedAt: label(reading.manifest?.closedAt),
    integrity,
    risk: 'untrusted',
    score: null,
    counts: null,
    coverage: null,
    baseline: null,
    notes: [],
  };
  if (integrity === 'not-a-bundle') {
    row.notes = ['not an evidence bundle (no manifest.json)'];
    return row;
  }
  if (!figuresTrusted(integrity)) {
    const why = reading.readError !== null ? [reading.readError] : (v?.problems ?? []);
    row.notes = notesOf([`figures withheld: the bundle fails verification`, ...why]);
    return row;
  }
  const notes: string[] = [];
  if (integrity === 'open') notes.push('the audit was never closed (still running, or it crashed): partial evidence');
  notes.push(...reading.problems);
  const findings = judgeFindings(reading.findings);
  if (findings.ok) {
    row.risk = findings.risk.rating;
    row.score = findings.risk.score;
    row.counts = { ...findings.risk.counts };
    row.coverage = coverageOf(findings.risk.coverage);
    if (!row.coverage) notes.push('this bundle predates coverage figures');
  } else {
    row.risk = 'not-assessed';
    notes.push(findings.why);
  }
  if (reading.baseline !== null && reading.baseline !== undefined) {
    const baseline = fleetBaselineSchema.safeParse(reading.baseline);
    if (baseline.success) row.baseline = { ...baseline.data } satisfies FleetBaseline;
    else notes.push('the baseline file is malformed: its figures are not shown');
  }
  row.notes = notesOf([...notes, ...(v?.warnings ?? []).filter((w) => !/never closed/.test(w))]);
  return row;
}

