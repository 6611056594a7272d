import {
  commandRecordSchema,
  commandStartSchema,
  custodyEventSchema,
  noteRecordSchema,
  type CommandRecord,
  type CommandStart,
  type CustodyEvent,
  type Manifest,
  type NoteRecord,
} from '../../shared/model/evidence';
import type { ThroughputSample } from '../../shared/model/throughput';
import { isSample } from './sampleStream';
import { parseChecklist } from '../../shared/checklist';
import type { ChecklistState } from '../../shared/checklist';
import { readOptionalBundleFile } from './bundleFile';
import { EvidenceError } from './errors';
import { parseJsonl, type JsonlRead } from './jsonl';
import { auditRecordSchema, BUNDLE_FILES, type AuditRecord } from './layout';
import { readManifest } from './manifest';

/** Everything in a bundle, read without changing a byte (for replay, compare and the report). */
export interface BundleContents {
  dir: string;
  manifest: Manifest;
  audit: AuditRecord | null;
  commands: CommandRecord[];
  /** Commands with a start line and no end line. */
  interrupted: CommandStart[];
  notes: NoteRecord[];
  custody: CustodyEvent[];
  samples: ThroughputSample[];
  checklist: ChecklistState | null;
  findings: unknown;
  facts: unknown;
  /** Torn last lines and invalid lines met while reading, per file. */
  damage: Array<{ file: string; torn: boolean; badLines: number[] }>;
  /** Snapshot files that exist but could not be read. */
  problems: string[];
}

/**
 * Every file is read through the evidence chokepoint (bundleFile.ts). A refused fixed file
 * (symlink, FIFO, device, hard link, oversized) stops the read with a message naming it: a
 * reader never works on part of a hostile bundle as if it were whole.
 */
function readOptional(dir: string, rel: string): Buffer | null {
  return readOptionalBundleFile(dir, rel);
}

/**
 * `samples: false` leaves the throughput samples unread (`samples` is then empty): a listing or
 * a replay that streams them (sampleStream.ts) does not hold an 8-hour file in memory twice.
 */
export function readBundle(dir: string, options: { samples?: boolean } = {}): BundleContents {
  const manifest = readManifest(dir);
  const damage: BundleContents['damage'] = [];
  const problems: string[] = [];
  const jsonl = <T>(rel: string, parse: (raw: unknown) => T | null): T[] => {
    const content = readOptional(dir, rel);
    if (!content) return [];
    const read: JsonlRead<unknown> = parseJsonl(content);
    const out: T[] = [];
    const bad = read.badLines.map((b) => b.line);
    read.records.forEach((raw) => {
      const value = parse(raw);
      if (value !== null) out.push(value);
    });
    if (read.tornTail || bad.length > 0) damage.push({ file: rel, torn: read.tornTail !== null, badLines: bad });
    return out;
  };
  const json = (rel: string): unknown => {
    const content = readOptional(dir, rel);
    if (!content) return null;
    try {
      return JSON.parse(content.toString('utf8'));
    } catch (error) {
      problems.push(`${rel}: not valid JSON (${(error as Error).message})`);
      return null;
    }
  };

  const commandLines = jsonl(BUNDLE_FILES.commands, (raw) => raw);
  const commands: CommandRecord[] = [];
  const starts: CommandStart[] = [];
  for (const raw of commandLines) {
    const end = commandRecordSchema.safeParse(raw);
    if (end.success) commands.push(end.data);
    else {
      const start = commandStartSchema.safeParse(raw);
      if (start.success) starts.push(start.data);
    }
  }
  const endedSeqs = new Set(commands.map((c) => c.seq));

  const auditRaw = json(BUNDLE_FILES.audit);
  const audit = auditRaw === null ? null : auditRecordSchema.safeParse(auditRaw);
  if (audit && !audit.success) problems.push('audit.json: malformed');

  let checklist: ChecklistState | null = null;
  const checklistText = readOptional(dir, BUNDLE_FILES.checklist);
  if (checklistText) {
    const parsed = parseChecklist(checklistText.toString('utf8'));
    if (parsed.ok) checklist = parsed.state;
    else problems.push(`checklist.json: ${parsed.error}`);
  }

  return {
    dir,
    manifest,
    audit: audit?.success ? audit.data : null,
    commands,
    interrupted: starts.filter((s) => !endedSeqs.has(s.seq)),
    notes: jsonl(BUNDLE_FILES.notes, (raw) => {
      const r = noteRecordSchema.safeParse(raw);
      return r.success ? r.data : null;
    }),
    custody: jsonl(BUNDLE_FILES.custody, (raw) => {
      const r = custodyEventSchema.safeParse(raw);
      return r.success ? r.data : null;
    }),
    // Samples are our own shape; a structural check keeps a hostile file from crashing readers.
    samples: options.samples === false ? [] : jsonl(BUNDLE_FILES.samples, (raw) => (isSample(raw) ? raw : null)),
    checklist,
    findings: json(BUNDLE_FILES.findings),
    facts: json(BUNDLE_FILES.facts),
    damage,
    problems,
  };
}

export function assertBundle(dir: string): void {
  readManifest(dir);
  if (!readOptional(dir, BUNDLE_FILES.audit)) throw new EvidenceError(`${dir} has a manifest but no audit.json`);
}
