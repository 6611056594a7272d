import { BundleFileMissing, readOptionalBundleFile } from '../../evidence/bundleFile';
import { EvidenceError } from '../../evidence/errors';
import { readBundle } from '../../evidence/read';
import { verifyBundle } from '../../evidence/verify';
import { FLEET_BASELINE_FILE, summarizeFleet, type BundleReading, type FleetSummary } from '../../../shared/fleet';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The baseline summary when the bundle has one; a refusal (link, FIFO…) is a read error like any other. */
function readBaseline(dir: string, problems: string[]): unknown {
  const content = readOptionalBundleFile(dir, FLEET_BASELINE_FILE);
  if (!content) return null;
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    problems.push(`${FLEET_BASELINE_FILE}: not valid JSON`);
    return undefined;
  }
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
