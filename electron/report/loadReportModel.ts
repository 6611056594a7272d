import { readBundleFile, readOptionalBundleFile } from '../evidence/bundleFile';
import { EvidenceError } from '../evidence/errors';
import { readBundle } from '../evidence/read';
import { verifyBundle } from '../evidence/verify';
import { buildReportModel } from '../../shared/report/build';
import type { ReportModel } from '../../shared/report/model';
import type { AuditFacts } from '../../shared/findings/facts';
import type { FindingsReport } from '../../shared/findings/types';
import { parsePing } from '../../shared/parsers/ping';
import { readBundleLongTermBaseline } from '../fleet/prometheus/baselineEvidence';

/** Where the audit runner keeps the wire analysis of the capture inside a bundle. */
export const WIRE_REPORT_FILE = 'outputs/wire-report.json';

const EXCERPT_LINES = 14;
const EXCERPT_BYTES = 4096;

/** What an auditor looks for in each step's raw output; other lines are left to the bundle. */
const STEP_LINES: Record<string, RegExp> = {
  'identify-interfaces': /ppp|POINTOPOINT|inet |mtu/i,
  'kernel-modules': /ppp|pptp|gre|mppe|conntrack|nf_nat|ip_forward/i,
  throughput: /.*/,
  capture: /.*/,
  logs: /ppp|pptp|mppe|lcp|chap|ctrl|gre/i,
  latency: /bytes from|packet loss|rtt|mtu|frag|unreachable|ping/i,
};

/**
 * The lines of a text evidence file that matter to its step (the head of the file when none
 * match). JSON and binary outputs (pcaps) get no excerpt: the report shows their parsed form.
 * The file is read through the evidence chokepoint: a name outside the bundle, a link, a FIFO or
 * a device is refused (and the refusal, never the content, goes into the report's problems).
 */
function excerptOf(dir: string, file: string, keep: RegExp = /.*/): string | null {
  if (/\.(pcap|pcapng)$/i.test(file)) return null;
  const head = readOptionalBundleFile(dir, file, { headBytes: EXCERPT_BYTES });
  if (!head || head.includes(0)) return null;
  const text = head.toString('utf8');
  if (/^\s*[[{]/.test(text)) return null;
  const all = text.split('\n').filter((l) => l.trim() !== '');
  const wanted = all.filter((l) => keep.test(l));
  const lines = (wanted.length > 0 ? wanted : all).slice(0, EXCERPT_LINES);
  return lines.length > 0 ? lines.join('\n').trimEnd() : null;
}

function refusal(error: unknown): string {
  if (error instanceof EvidenceError) return error.message;
  throw error;
}

type WireReport = {
  overhead?: { buckets: Array<{ label: string; packets: number; payloadBytes: number; overheadBytes: number }>; ratio: number | null; overheadPercent: number | null };
};

function readJson<T>(content: Buffer | null): T | null {
  if (!content) return null;
  try {
    return JSON.parse(content.toString('utf8')) as T;
  } catch {
    return null;
  }
}

/** Reads an evidence bundle, without changing a byte, into the model the report prints. */
export function loadReportModel(dir: string, now: () => Date = () => new Date()): ReportModel {
  // Verified first: the model carries the verdict, so no printer can show a tampered bundle as intact.
  const verification = verifyBundle(dir);
  const bundle = readBundle(dir);
  const refused: string[] = [];
  const facts = (bundle.facts ?? null) as AuditFacts | null;
  const findings = (bundle.findings ?? null) as FindingsReport | null;
  const excerpts: Record<string, string> = {};
  for (const step of Object.values(bundle.checklist?.steps ?? {})) {
    for (const file of step.runs.at(-1)?.evidence ?? []) {
      try {
        const text = excerptOf(dir, file, STEP_LINES[step.id]);
        if (text) excerpts[file] = text;
      } catch (error) {
        refused.push(refusal(error));
      }
    }
  }
  let wire: WireReport | null = null;
  try {
    wire = readJson<WireReport>(readOptionalBundleFile(dir, WIRE_REPORT_FILE));
  } catch (error) {
    refused.push(refusal(error));
  }
  let rtts: Array<{ seq: number; rttMs: number }> | null = null;
  if (facts?.latency) {
    try {
      const run = parsePing(readBundleFile(dir, facts.latency.source).toString('utf8'));
      rtts = run.events.flatMap((e) =>
        e.kind === 'reply' && !e.duplicate && e.rttMs !== null ? [{ seq: e.seq, rttMs: e.rttMs }] : [],
      );
    } catch (error) {
      if (error instanceof EvidenceError) refused.push(refusal(error));
      rtts = null;
    }
  }
  const longTerm = readBundleLongTermBaseline(dir);
  if (longTerm.problem) refused.push(longTerm.problem);
  const model = buildReportModel({
    generatedAt: now().toISOString(),
    manifest: bundle.manifest,
    audit: bundle.audit,
    commands: bundle.commands,
    notes: bundle.notes,
    samples: bundle.samples,
    checklist: bundle.checklist,
    findings,
    facts,
    overhead: wire?.overhead
      ? { buckets: wire.overhead.buckets, ratio: wire.overhead.ratio, overheadPercent: wire.overhead.overheadPercent }
      : null,
    rtts,
    longTermBaseline: longTerm.baseline,
    excerpts,
    problems: [
      ...refused,
      ...bundle.problems,
      ...bundle.damage.map((d) => `${d.file}: ${d.torn ? 'torn last line (crash) skipped' : ''}${d.badLines.length ? ` unreadable lines ${d.badLines.join(', ')}` : ''}`),
      ...bundle.interrupted.map((c) => `command ${c.seq} (${c.op}) started but never ended`),
    ],
    integrity: {
      verdict: verification.intact ? 'intact' : 'tampered',
      files: verification.tamperedFiles,
      problems: verification.problems,
    },
  });
  // A report of an audit neither signed (GUI "Finish and sign") nor closed (the headless audit
  // closes its bundle when done) is a draft, watermarked on every page. The signed report is
  // printed just before the seal, so it shows when it was signed.
  const signed = bundle.custody.find((c) => c.event === 'signed');
  const draft = !signed && bundle.manifest.state !== 'closed';
  return { ...model, draft, closedAt: model.closedAt ?? signed?.at ?? null };
}
