import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { baselineMetrics, type BaselineMetrics } from '../../shared/findings/baseline';
import type { AuditFacts } from '../../shared/findings/facts';
import type { FindingsReport, RiskRating, Severity } from '../../shared/findings/types';
import { summariseLongTermBaseline, type LongTermBaselineSummary } from '../../shared/baseline/longTermSummary';
import { readBundle } from '../evidence/read';
import { readBundleLongTermBaseline } from '../fleet/prometheus/baselineEvidence';

/** What one audit contributes to the OpenMetrics export. */
export interface AuditMetricsInput {
  site: string;
  asset: string;
  rating: RiskRating | null;
  /** Rules evaluated / rules there are, 0 to 1; null when no findings were evaluated. */
  coverageRatio: number | null;
  /** When the audit ended (closed), seconds since the epoch. */
  lastRunSeconds: number;
  findings: Array<{ ruleId: string; severity: Severity }>;
  baseline: BaselineMetrics;
  longTerm: LongTermBaselineSummary | null;
}

/** Reads what the export needs from a closed bundle, through the evidence chokepoint; null for an open one. */
export function auditMetricsOfBundle(dir: string): AuditMetricsInput | null {
  const bundle = readBundle(dir);
  if (bundle.manifest.state !== 'closed') return null;
  const findings = bundle.findings as FindingsReport | null;
  const coverage = findings?.risk?.coverage;
  const longTerm = readBundleLongTermBaseline(dir).baseline;
  return {
    site: bundle.audit?.identity.site ?? bundle.manifest.site,
    asset: bundle.audit?.identity.asset ?? '',
    rating: findings?.risk?.rating ?? null,
    coverageRatio: coverage && coverage.rulesTotal > 0 ? coverage.rulesEvaluated / coverage.rulesTotal : null,
    lastRunSeconds: Date.parse(bundle.manifest.closedAt ?? bundle.manifest.createdAt) / 1000,
    findings: (findings?.findings ?? []).map((f) => ({ ruleId: f.ruleId, severity: f.severity })),
    baseline: baselineMetrics((bundle.facts ?? {}) as AuditFacts, bundle.samples),
    longTerm: longTerm ? summariseLongTermBaseline(longTerm) : null,
  };
}

/**
 * The latest closed audit of each (site, asset) in the audits folder: one set of series per
 * asset, so the export never holds two values for one series. Links and non-bundles are skipped.
 */
export function latestAuditMetrics(root: string): AuditMetricsInput[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const latest = new Map<string, AuditMetricsInput>();
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      if (!lstatSync(dir).isDirectory()) continue;
      const input = auditMetricsOfBundle(dir);
      if (!input) continue;
      const key = JSON.stringify([input.site, input.asset]);
      const seen = latest.get(key);
      if (!seen || input.lastRunSeconds > seen.lastRunSeconds) latest.set(key, input);
    } catch {
      // Not a bundle, or unreadable: not exported.
    }
  }
  return [...latest.values()];
}
