import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { readBundle } from '../evidence/read';
import { buildReportModel } from '../../shared/report/build';
import type { ReportModel } from '../../shared/report/model';
import type { AuditFacts } from '../../shared/findings/facts';
import type { FindingsReport } from '../../shared/findings/types';
import { parsePing } from '../../shared/parsers/ping';

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
 */
function excerptOf(file: string, keep: RegExp = /.*/): string | null {
  if (/\.(pcap|pcapng)$/i.test(file)) return null;
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(EXCERPT_BYTES);
    const read = readSync(fd, buffer, 0, EXCERPT_BYTES, 0);
    const head = buffer.subarray(0, read);
    if (head.includes(0)) return null;
    const text = head.toString('utf8');
    if (/^\s*[[{]/.test(text)) return null;
    const all = text.split('\n').filter((l) => l.trim() !== '');
    const wanted = all.filter((l) => keep.test(l));
    const lines = (wanted.length > 0 ? wanted : all).slice(0, EXCERPT_LINES);
    return lines.length > 0 ? lines.join('\n').trimEnd() : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Reads an evidence bundle, without changing a byte, into the model the report prints. */
export function loadReportModel(dir: string, now: () => Date = () => new Date()): ReportModel {
  const bundle = readBundle(dir);
  const facts = (bundle.facts ?? null) as AuditFacts | null;
  const findings = (bundle.findings ?? null) as FindingsReport | null;
  const excerpts: Record<string, string> = {};
  for (const step of Object.values(bundle.checklist?.steps ?? {})) {
    for (const file of step.runs.at(-1)?.evidence ?? []) {
      const text = excerptOf(path.join(dir, file), STEP_LINES[step.id]);
      if (text) excerpts[file] = text;
    }
  }
  const wire = readJson<{ overhead?: { buckets: Array<{ label: string; packets: number; payloadBytes: number; overheadBytes: number }>; ratio: number | null; overheadPercent: number | null } }>(
    path.join(dir, WIRE_REPORT_FILE),
  );
  let rtts: Array<{ seq: number; rttMs: number }> | null = null;
  if (facts?.latency) {
    try {
      const run = parsePing(readFileSync(path.join(dir, facts.latency.source), 'utf8'));
      rtts = run.events.flatMap((e) =>
        e.kind === 'reply' && !e.duplicate && e.rttMs !== null ? [{ seq: e.seq, rttMs: e.rttMs }] : [],
      );
    } catch {
      rtts = null;
    }
  }
  return buildReportModel({
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
    excerpts,
    problems: [
      ...bundle.problems,
      ...bundle.damage.map((d) => `${d.file}: ${d.torn ? 'torn last line (crash) skipped' : ''}${d.badLines.length ? ` unreadable lines ${d.badLines.join(', ')}` : ''}`),
      ...bundle.interrupted.map((c) => `command ${c.seq} (${c.op}) started but never ended`),
    ],
  });
}
