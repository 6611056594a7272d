import { downsample, type SeriesView } from '../analysis/downsample';
import { effectiveVerdict } from '../checklist/machine';
import type { ChecklistState } from '../checklist/state';
import { STEP_IDS } from '../checklist/steps';
import { STEP_SPECS } from '../steps/index';
import { baselineMetrics } from '../findings/baseline';
import type { AuditFacts } from '../findings/facts';
import type { FindingsReport } from '../findings/types';
import { severityRank } from '../findings/types';
import type { AuditIdentity, AuditTarget } from '../model/audit';
import type { CommandRecord, Manifest, NoteRecord } from '../model/evidence';
import type { ThroughputSample } from '../model/throughput';
import { migrationAnalysis, type ObservedSize } from './migration';
import type { LongTermBaseline } from '../baseline/longTermSchema';
import type { OverheadBucketView, ReportIntegrity, ReportInterfaceRow, ReportModel, ReportStep } from './model';

function interfaceRows(facts: AuditFacts): ReportInterfaceRow[] | null {
  const found = facts.interfaces;
  if (!found) return null;
  return found.interfaces.map((i) => {
    const tunnel = i.name === found.tunnel;
    const carrier = i.name === found.carrier;
    return {
      name: i.name,
      kind: i.kind ?? null,
      state: i.operState,
      mtu: i.mtu,
      addresses: i.addresses
        .filter((a) => a.family === 'inet' || !a.local.startsWith('fe80'))
        .map((a) => (a.peer ? `${a.local} → ${a.peer}` : `${a.local}/${a.prefixlen}`)),
      isTunnel: i.isTunnel,
      role: tunnel && carrier ? 'tunnel and carrier' : tunnel ? 'tunnel' : carrier ? 'carrier' : null,
    };
  });
}

/** Representative inner packet size of each overhead bucket of the wire analysis. */
const BUCKET_SIZES: Record<string, number> = {
  '<=128': 96,
  '129-256': 192,
  '257-512': 384,
  '513-1024': 768,
  '1025-1500': 1400,
  '>1500': 1500,
};

export interface ReportInput {
  generatedAt: string;
  manifest: Manifest;
  audit: { bundleId: string; createdAt: string; identity: AuditIdentity; target: AuditTarget | null } | null;
  commands: CommandRecord[];
  notes: NoteRecord[];
  samples: ThroughputSample[];
  checklist: ChecklistState | null;
  findings: FindingsReport | null;
  facts: AuditFacts | null;
  overhead: { buckets: OverheadBucketView[]; ratio: number | null; overheadPercent: number | null } | null;
  rtts: Array<{ seq: number; rttMs: number }> | null;
  excerpts: Record<string, string>;
  problems: string[];
  integrity: ReportIntegrity;
  longTermBaseline?: LongTermBaseline | null;
}

function sampleView(samples: ThroughputSample[]): SeriesView {
  const valid = samples;
  return {
    length: valid.length,
    t: (i) => valid[i]!.t,
    rx: (i) => valid[i]!.rxBps ?? Number.NaN,
    tx: (i) => valid[i]!.txBps ?? Number.NaN,
  };
}

function steps(checklist: ChecklistState | null, excerpts: Record<string, string>): ReportStep[] {
  return STEP_IDS.map((id) => {
    const def = STEP_SPECS[id];
    const state = checklist?.steps[id];
    const lastRun = state?.runs.at(-1);
    // Only what ran is printed: a step never run lists no command rather than one it might have run.
    const commands = lastRun?.commands ?? [];
    return {
      number: def.number,
      title: def.title,
      guideCommand: def.guideCommand,
      purpose: def.purpose,
      commands,
      status: state?.status ?? 'pending',
      verdict: state ? effectiveVerdict(state) : null,
      skipReason: state?.skip?.reason ?? null,
      failure: state?.status === 'failed-to-run' || lastRun?.outcome === 'failed-to-run' ? (lastRun?.error ?? 'the step could not run (no reason recorded)') : null,
      notes: state?.notes.map((n) => n.text) ?? [],
      excerpts: (lastRun?.evidence ?? [])
        .filter((file) => excerpts[file] !== undefined)
        .map((file) => ({ file, text: excerpts[file]! })),
    };
  });
}

/** Assembles the report from what a bundle holds; pure, so it is tested without a browser. */
export function buildReportModel(input: ReportInput): ReportModel {
  const facts = input.facts ?? {};
  const findings = [...(input.findings?.findings ?? [])].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity),
  );
  const baseline = baselineMetrics(facts, input.samples);
  const linkSpeedMbps = facts.throughput?.linkSpeedMbps ?? null;
  const sizes: ObservedSize[] | null = input.overhead
    ? input.overhead.buckets.map((b) => ({ size: BUCKET_SIZES[b.label] ?? 1400, packets: b.packets }))
    : null;
  const dataPackets = input.overhead?.buckets.reduce((n, b) => n + b.packets, 0) ?? 0;
  const overheadBytes = input.overhead?.buckets.reduce((n, b) => n + b.overheadBytes, 0) ?? 0;
  const maxMbps = [baseline.rxMaxMbps, baseline.txMaxMbps].filter((v): v is number => v !== null);
  const first = input.samples[0]?.t ?? 0;
  const last = input.samples.at(-1)?.t ?? 0;
  const latencyReport = facts.latency?.report;

  return {
    generatedAt: input.generatedAt,
    bundleId: input.manifest.bundleId,
    createdAt: input.manifest.createdAt,
    closedAt: input.manifest.closedAt,
    identity: input.audit?.identity ?? { site: input.manifest.site, asset: '', auditor: '' },
    target: input.audit?.target ?? input.checklist?.target ?? null,
    host: input.manifest.host,
    tools: input.manifest.tools,
    risk: input.findings?.risk ?? null,
    findings,
    ruleStatus: input.findings?.rules ?? [],
    baseline,
    longTermBaseline: input.longTermBaseline ?? null,
    throughput:
      input.samples.length > 1
        ? {
            points: downsample(sampleView(input.samples), first, last, 400),
            gaps: input.samples.filter((s) => s.gapReason !== null && s.gapReason !== 'start').length,
            linkSpeedMbps,
          }
        : null,
    latency:
      input.rtts && latencyReport
        ? {
            rtts: input.rtts,
            lossPercent: latencyReport.lossPercent,
            jitterMs: latencyReport.jitterMs,
            avgMs: latencyReport.rtt?.avgMs ?? null,
          }
        : null,
    overhead: input.overhead,
    encryption: facts.wire
      ? {
          verdict: facts.wire.encryption.verdict,
          encryptedFrames: facts.wire.encryption.encryptedFrames,
          cleartextFrames: facts.wire.encryption.cleartextFrames,
        }
      : null,
    interfaces: interfaceRows(facts),
    migration: migrationAnalysis({
      sizes,
      measuredPptpOverhead: dataPackets > 0 ? Math.round(overheadBytes / dataPackets) : null,
      linkSpeedMbps,
      measuredPptpMaxMbps: maxMbps.length > 0 ? Math.max(...maxMbps) : null,
    }),
    steps: steps(input.checklist, input.excerpts),
    commands: input.commands,
    files: input.manifest.files,
    notes: input.notes,
    bundleProblems: input.problems,
    integrity: input.integrity,
  };
}
