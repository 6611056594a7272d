import { Gauge, Registry } from 'prom-client';
import type { RiskRating } from '../../shared/findings/types';
import type { AuditMetricsInput } from './auditMetricsInput';

/** The numeric risk level exported; alerting rules compare against these (build/prometheus/pptp-audit.rules.yml). */
export const RISK_LEVEL: Record<RiskRating, number> = { incomplete: -1, minimal: 0, low: 1, medium: 2, high: 3, critical: 4 };

export interface RenderedMetrics {
  contentType: string;
  body: string;
}

const id = ['site', 'asset'] as const;

/**
 * The audits as OpenMetrics text, through prom-client's registry (which escapes label values:
 * a site name is the auditor's text). One set of series per (site, asset): callers pass one
 * audit per asset (latestAuditMetrics), and a finding series counts that rule's findings.
 */
export async function renderAuditMetrics(audits: AuditMetricsInput[]): Promise<RenderedMetrics> {
  const registry = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const finding = gauge('pptp_audit_finding', 'Open findings of the latest audit, by rule and severity', [...id, 'rule', 'severity']);
  const risk = gauge('pptp_audit_risk_level', 'Overall risk of the latest audit: 4 critical, 3 high, 2 medium, 1 low, 0 minimal, -1 incomplete', id);
  const coverage = gauge('pptp_audit_coverage_ratio', 'Share of the audit rules that could be evaluated on the evidence', id);
  const lastRun = gauge('pptp_audit_last_run_timestamp_seconds', 'When the latest audit of this asset ended', id);
  const throughput = gauge('pptp_audit_throughput_bytes_per_second', 'Tunnel throughput measured during the audit', [...id, 'direction', 'stat']);
  const latency = gauge('pptp_audit_latency_seconds', 'Round-trip time and RFC 3550 jitter across the tunnel during the audit', [...id, 'stat']);
  const loss = gauge('pptp_audit_loss_ratio', 'Echo requests lost across the tunnel during the audit', id);
  const longRate = gauge('pptp_audit_long_term_rate_bytes_per_second', 'Long-term baseline from Prometheus: 95th percentile and peak rate', [...id, 'device', 'direction', 'stat']);
  const longRecreations = gauge('pptp_audit_long_term_recreations', 'Re-creations of the tunnel interface in the long-term baseline range', [...id, 'device']);
  const longGaps = gauge('pptp_audit_long_term_gaps', 'Gaps without data in the long-term baseline range', [...id, 'device']);
  const longCoverage = gauge('pptp_audit_long_term_coverage_ratio', 'Share of the long-term baseline range with a measured rate', [...id, 'device']);

  for (const a of audits) {
    const who = { site: a.site, asset: a.asset };
    for (const f of a.findings) finding.inc({ ...who, rule: f.ruleId, severity: f.severity });
    if (a.rating) risk.set(who, RISK_LEVEL[a.rating]);
    if (a.coverageRatio !== null) coverage.set(who, a.coverageRatio);
    lastRun.set(who, a.lastRunSeconds);
    const b = a.baseline;
    const mbps: Array<[string, string, number | null]> = [
      ['rx', 'avg', b.rxAvgMbps],
      ['rx', 'max', b.rxMaxMbps],
      ['tx', 'avg', b.txAvgMbps],
      ['tx', 'max', b.txMaxMbps],
    ];
    for (const [direction, stat, value] of mbps) if (value !== null) throughput.set({ ...who, direction, stat }, (value * 1e6) / 8);
    if (b.latencyAvgMs !== null) latency.set({ ...who, stat: 'avg' }, b.latencyAvgMs / 1000);
    if (b.jitterMs !== null) latency.set({ ...who, stat: 'jitter' }, b.jitterMs / 1000);
    if (b.lossPercent !== null) loss.set(who, b.lossPercent / 100);
    const l = a.longTerm;
    if (l) {
      const dev = { ...who, device: l.device };
      const rates: Array<[string, string, number | null]> = [
        ['rx', 'p95', l.rxP95Bps],
        ['rx', 'peak', l.rxPeakBps],
        ['tx', 'p95', l.txP95Bps],
        ['tx', 'peak', l.txPeakBps],
      ];
      for (const [direction, stat, bps] of rates) if (bps !== null) longRate.set({ ...dev, direction, stat }, bps / 8);
      longRecreations.set(dev, l.recreations);
      longGaps.set(dev, l.gaps);
      longCoverage.set(dev, l.coverageRatio);
    }
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
