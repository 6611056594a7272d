import type { ChartPoint } from '../analysis/downsample';
import type { StepStatus, Verdict } from '../checklist/state';
import type { BaselineMetrics } from '../findings/baseline';
import type { Finding, RiskAssessment, RuleStatus } from '../findings/types';
import type { AuditIdentity, AuditTarget } from '../model/audit';
import type { CommandRecord, HostIdentity, ManifestFile, NoteRecord } from '../model/evidence';
import type { MigrationAnalysis } from './migration';
import type { LongTermBaseline } from '../baseline/longTermSchema';

export type PaperSize = 'A4' | 'Letter';

export interface ReportStep {
  number: number;
  title: string;
  guideCommand: string;
  purpose: string;
  commands: string[];
  status: StepStatus;
  verdict: (Verdict & { source: 'auditor' | 'run' }) | null;
  skipReason: string | null;
  /** Why the last run could not run (tool missing, spawn error), when it could not. */
  failure: string | null;
  notes: string[];
  /** The first lines of the step's evidence files, to print without opening the bundle. */
  excerpts: Array<{ file: string; text: string }>;
}

export interface OverheadBucketView {
  label: string;
  packets: number;
  payloadBytes: number;
  overheadBytes: number;
}

/**
 * What verification said about the bundle when the report was drawn. A report of a tampered
 * bundle is printed only on request, and then says so on every page.
 */
export interface ReportIntegrity {
  verdict: 'intact' | 'tampered';
  /** Bundle-relative names of the files changed, missing, added or refused. */
  files: string[];
  /** One line per problem, as `pptp-auditor verify` prints them. */
  problems: string[];
}

/** The band a tampered report carries on every page. */
export function tamperBanner(integrity: ReportIntegrity): string | null {
  if (integrity.verdict === 'intact') return null;
  const n = integrity.files.length;
  return `TAMPERED — ${n} file${n === 1 ? '' : 's'} changed`;
}

/** One interface of step 1, as parsed from `ip -j -d addr show`. */
export interface ReportInterfaceRow {
  name: string;
  kind: string | null;
  state: string;
  mtu: number;
  addresses: string[];
  isTunnel: boolean;
  /** The interface the audit named as tunnel or carrier. */
  role: 'tunnel' | 'carrier' | 'tunnel and carrier' | null;
}

/** Everything the PDF report prints, assembled from one evidence bundle. */
export interface ReportModel {
  generatedAt: string;
  bundleId: string;
  createdAt: string;
  closedAt: string | null;
  identity: AuditIdentity;
  target: AuditTarget | null;
  host: HostIdentity;
  tools: Record<string, string | null>;
  risk: RiskAssessment | null;
  findings: Finding[];
  ruleStatus: RuleStatus[];
  baseline: BaselineMetrics;
  /** Weeks of history from Prometheus (`audit --baseline-file`), when the audit was given one. */
  longTermBaseline: LongTermBaseline | null;
  throughput: { points: ChartPoint[]; gaps: number; linkSpeedMbps: number | null } | null;
  latency: { rtts: Array<{ seq: number; rttMs: number }>; lossPercent: number; jitterMs: number | null; avgMs: number | null } | null;
  overhead: { buckets: OverheadBucketView[]; ratio: number | null; overheadPercent: number | null } | null;
  encryption: { verdict: string; encryptedFrames: number; cleartextFrames: number } | null;
  /** Step 1's parsed interface table (ip -j -d addr show), as the GUI shows it. */
  interfaces: ReportInterfaceRow[] | null;
  migration: MigrationAnalysis;
  steps: ReportStep[];
  commands: CommandRecord[];
  files: ManifestFile[];
  notes: NoteRecord[];
  /** Problems met while reading the bundle (torn lines after a crash, unreadable files). */
  bundleProblems: string[];
  integrity: ReportIntegrity;
  /** Printed before the audit was finished and signed: "DRAFT — audit not finished" on every page. */
  draft?: boolean;
}

export const DRAFT_MARK = 'DRAFT — audit not finished';
