import { auditStatus } from '../../shared/model/auditStatus';
import { z } from 'zod';
import { baselineDeltas, baselineMetrics } from '../../shared/findings/baseline';
import type { AuditFacts } from '../../shared/findings/facts';
import type { BaselineComparison } from '../../shared/model/evidence';
import { readBundle, type BundleContents } from './read';
import { EvidenceError } from './errors';

const findingListSchema = z.object({
  findings: z.array(z.object({ id: z.string(), title: z.string(), severity: z.string() }).loose()),
});

type FindingSummary = { id: string; title: string; severity: string };

function notEvaluatedRules(bundle: BundleContents): Set<string> {
  const report = bundle.findings as { notEvaluated?: Array<{ ruleId?: unknown }> } | null;
  return new Set((report?.notEvaluated ?? []).map((r) => String(r.ruleId)));
}

function findingsOf(bundle: BundleContents, warnings: string[]): FindingSummary[] | null {
  if (bundle.findings === null) {
    warnings.push(`${bundle.dir}: no findings.json`);
    return null;
  }
  const parsed = findingListSchema.safeParse(bundle.findings);
  if (!parsed.success) {
    warnings.push(`${bundle.dir}: findings.json is malformed`);
    return null;
  }
  return parsed.data.findings.map(({ id, title, severity }) => ({ id, title, severity }));
}

/** facts.json is our own output, but it comes from disk: only an object is accepted. */
function factsOf(bundle: BundleContents, warnings: string[]): AuditFacts {
  if (bundle.facts === null) {
    warnings.push(`${bundle.dir}: no facts.json; throughput comes from the raw samples only`);
    return {};
  }
  if (typeof bundle.facts !== 'object' || Array.isArray(bundle.facts)) {
    warnings.push(`${bundle.dir}: facts.json is malformed`);
    return {};
  }
  return bundle.facts as AuditFacts;
}

function normalSite(site: string): string {
  return site.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Baseline deltas and findings opened/closed between an earlier audit and a newer one. */
export function compareBundles(oldDir: string, newDir: string): BaselineComparison {
  const older = readBundle(oldDir);
  const newer = readBundle(newDir);
  // An abandoned audit is kept for the record only: it is no baseline and no audit of the site.
  for (const b of [older, newer]) {
    if (auditStatus(b.manifest.state, b.custody) === 'abandoned') throw new EvidenceError(`${b.dir} is an abandoned audit: it is not compared with anything`);
  }
  const warnings: string[] = [];
  const sameSite = normalSite(older.manifest.site) === normalSite(newer.manifest.site);
  if (!sameSite) warnings.push(`different sites: "${older.manifest.site}" and "${newer.manifest.site}"`);
  if (older.manifest.createdAt > newer.manifest.createdAt) warnings.push('the "old" audit is more recent than the "new" one');
  for (const b of [older, newer]) {
    if (b.damage.length > 0) warnings.push(`${b.dir}: damaged lines in ${b.damage.map((d) => d.file).join(', ')}`);
  }
  let metrics;
  try {
    metrics = baselineDeltas(baselineMetrics(factsOf(older, warnings), older.samples), baselineMetrics(factsOf(newer, warnings), newer.samples));
  } catch (error) {
    warnings.push(`metrics could not be derived: ${error instanceof Error ? error.message : String(error)}`);
    metrics = baselineDeltas(baselineMetrics({}, older.samples), baselineMetrics({}, newer.samples));
  }
  const a = findingsOf(older, warnings) ?? [];
  const b = findingsOf(newer, warnings) ?? [];
  const oldIds = new Set(a.map((f) => f.id));
  const newIds = new Set(b.map((f) => f.id));
  // A finding is closed only when its rule ran again and came out clear; a rule the newer audit
  // could not evaluate (its step not run) leaves the finding open as far as anyone knows.
  const notReevaluated = notEvaluatedRules(newer);
  const gone = a.filter((f) => !newIds.has(f.id));
  const ruleOf = (id: string) => id.split(':')[0] ?? id;
  return {
    old: { dir: oldDir, site: older.manifest.site, createdAt: older.manifest.createdAt },
    new: { dir: newDir, site: newer.manifest.site, createdAt: newer.manifest.createdAt },
    sameSite,
    metrics,
    findingsOpened: b.filter((f) => !oldIds.has(f.id)),
    findingsClosed: gone.filter((f) => !notReevaluated.has(ruleOf(f.id))),
    findingsNotReevaluated: gone.filter((f) => notReevaluated.has(ruleOf(f.id))),
    findingsUnchanged: b.filter((f) => oldIds.has(f.id)),
    warnings,
  };
}
