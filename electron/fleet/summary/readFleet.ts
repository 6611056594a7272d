import { BundleFileMissing } from '../../evidence/bundleFile';
import { EvidenceError } from '../../evidence/errors';
import { readBundle } from '../../evidence/read';
import { verifyBundle } from '../../evidence/verify';
import { summarizeFleet, type BundleReading, type FleetSummary } from '../../../shared/fleet';
import { summariseLongTermBaseline } from '../../../shared/baseline/longTermSummary';
import { readBundleLongTermBaseline } from '../prometheus/baselineEvidence';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The long-term baseline figures when the bundle carries one (`audit --baseline-file`, kept as
 * outputs/long-term-baseline.json): the same reader and summary the report and the OpenMetrics
 * export use. A refusal (link, FIFO…) or a malformed file is a problem of this row.
 */
function readBaseline(dir: string, problems: string[]): unknown {
  const { baseline, problem } = readBundleLongTermBaseline(dir);
  if (problem) {
    problems.push(problem);
    return undefined;
  }
  if (!baseline) return null;
  const s = summariseLongTermBaseline(baseline);
  return { rxP95Bps: s.rxP95Bps, txP95Bps: s.txP95Bps, recreations: s.recreations, gaps: s.gaps };
}

/**
 * Reads one folder for the fleet table, through the evidence chokepoint only (verify.ts,
 * read.ts, bundleFile.ts), and never throws: whatever the folder holds, it becomes a reading
 * that shared/fleet turns into a row saying what is wrong with it.
 */
export function readFleetBundle(dir: string): BundleReading {
  const reading: BundleReading = {
    dir,
    verification: null,
    manifest: null,
    identity: null,
    readError: null,
    findings: null,
    baseline: null,
    problems: [],
  };
  try {
    const verification = verifyBundle(dir);
    if (verification.state === 'unreadable' && /not an evidence bundle/.test(verification.problems[0] ?? '')) return reading;
    reading.verification = {
      state: verification.state,
      intact: verification.intact,
      problems: verification.problems,
      warnings: verification.warnings,
    };
    if (verification.state === 'unreadable') return reading;
    const bundle = readBundle(dir);
    const { manifest } = bundle;
    reading.manifest = { bundleId: manifest.bundleId, site: manifest.site, createdAt: manifest.createdAt, closedAt: manifest.closedAt };
    reading.identity = bundle.audit ? { site: bundle.audit.identity.site, asset: bundle.audit.identity.asset } : null;
    reading.findings = bundle.findings;
    reading.problems.push(...bundle.problems);
    // Only an intact bundle's baseline is read: its figures are shown only then.
    if (verification.intact) reading.baseline = readBaseline(dir, reading.problems);
  } catch (error) {
    // A fixed file refused by the chokepoint, or swapped between verify and read; a folder that
    // cannot be listed. Anything else is a bug and still only this row's problem.
    reading.readError = error instanceof EvidenceError && !(error instanceof BundleFileMissing) ? messageOf(error) : `cannot be read: ${messageOf(error)}`;
    if (reading.verification === null) reading.verification = { state: 'unreadable', intact: false, problems: [], warnings: [] };
  }
  return reading;
}

/** Reads every folder (one at a time: bundles can be large) and summarises them, worst first. */
export function readFleet(dirs: readonly string[], now: () => Date = () => new Date()): FleetSummary {
  return summarizeFleet(dirs.map(readFleetBundle), now().toISOString());
}
