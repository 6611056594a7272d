import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { downsample } from '../../shared/analysis/downsample';
import type { AuditSummary, SavedAudit } from '../../shared/ipc/channels/audits';
import type { FindingsReport } from '../../shared/findings/types';
import type { AuditRegistry } from '../backend/auditRegistry';
import { BUNDLE_FILES, compareBundles, readBundle, type BundleContents } from '../evidence';
import { readSampleColumns } from '../evidence/sampleStream';
import { auditStatus } from '../../shared/model/auditStatus';
import { findSampleAudit, isSampleAudit } from './sampleAudit';

function summarize(bundle: BundleContents, auditId: string, active = false): AuditSummary {
  const findings = bundle.findings as FindingsReport | null;
  return {
    auditId,
    site: bundle.manifest.site,
    createdAt: bundle.manifest.createdAt,
    state: auditStatus(bundle.manifest.state, bundle.custody),
    active,
    risk: findings?.risk?.rating ?? null,
    findings: findings?.findings?.length ?? 0,
    // Flagged by where it lives, not by anything inside it: a copy elsewhere is just a bundle.
    ...(isSampleAudit(bundle.dir) ? { sample: true as const } : {}),
  };
}

/** The shipped sample audit (never in the audits folder, so never listed as an audit of a site). */
export function sampleAuditSummary(registry: AuditRegistry): AuditSummary | null {
  const dir = findSampleAudit();
  return dir === null ? null : summarize(readBundle(dir, { samples: false }), registry.register(dir));
}

/** Audits found in the audits folder, each registered so the renderer can name it by id. */
export function listSavedAudits(root: string, registry: AuditRegistry, isActive: (dir: string) => boolean = () => false): AuditSummary[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const out: AuditSummary[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      // lstat: a link in the audits folder is not followed to a folder elsewhere. Everything
      // inside a bundle is read through the evidence chokepoint (readBundle).
      if (!lstatSync(dir).isDirectory()) continue;
      // The listing needs no samples: an 8-hour audit's are tens of MB.
      out.push(summarize(readBundle(dir, { samples: false }), registry.register(dir), isActive(dir)));
    } catch {
      // Not a bundle (or unreadable): not listed.
    }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Reopens a bundle read-only; its throughput samples are replayed as a chart. */
export function openSavedAudit(dir: string, auditId: string): SavedAudit {
  // The samples are streamed into columns, not read whole into objects: an 8-hour audit is
  // tens of thousands of them and only 900 points are drawn.
  const bundle = readBundle(dir, { samples: false });
  const findings = bundle.findings as FindingsReport | null;
  const samples = readSampleColumns(dir);
  if (samples.damage) bundle.damage.push({ file: BUNDLE_FILES.samples, ...samples.damage });
  const first = samples.length > 0 ? samples.t[0]! : 0;
  const last = samples.length > 0 ? samples.t[samples.length - 1]! : 0;
  const view = {
    length: samples.length,
    t: (i: number) => samples.t[i]!,
    rx: (i: number) => samples.rx[i]!,
    tx: (i: number) => samples.tx[i]!,
  };
  return {
    summary: summarize(bundle, auditId),
    checklist: bundle.checklist,
    findings,
    throughput: samples.length > 1 ? downsample(view, first, last, 900) : [],
    problems: [...bundle.problems, ...bundle.damage.map((d) => `${d.file}: ${d.torn ? 'torn last line skipped' : `bad lines ${d.badLines.join(', ')}`}`)],
  };
}

export { compareBundles };
