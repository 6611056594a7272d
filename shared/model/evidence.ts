import { z } from 'zod';

/**
 * A pointer into an evidence bundle: the file (path relative to the bundle root, always with
 * forward slashes), optionally a 1-based line or a 1-based packet number, and a short excerpt
 * the report can print without opening the file.
 */
export interface EvidenceRef {
  file: string;
  line?: number;
  packet?: number;
  excerpt: string;
}

export const evidenceRefSchema = z.object({
  file: z.string().min(1).max(512),
  line: z.number().int().positive().optional(),
  packet: z.number().int().positive().optional(),
  excerpt: z.string().max(4096),
});

/** Longest excerpt we keep in a reference: enough for a log line, not a whole file. */
export const MAX_EXCERPT_CHARS = 300;

export function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_EXCERPT_CHARS ? `${oneLine.slice(0, MAX_EXCERPT_CHARS - 1)}…` : oneLine;
}

/** Appended to commands.jsonl when a command starts, so a crash mid-command still shows it. */
export const commandStartSchema = z.object({
  kind: z.literal('start'),
  seq: z.number().int().positive(),
  op: z.string().min(1).max(100),
  argv: z.array(z.string().max(4096)).max(256),
  startedAt: z.string(),
  step: z.string().max(64).nullable().default(null),
});

export type CommandStart = z.infer<typeof commandStartSchema>;

/** One executed command, as appended to commands.jsonl when it ends. */
export const commandRecordSchema = z.object({
  kind: z.literal('end'),
  /** Sequence number within the bundle, from 1. */
  seq: z.number().int().positive(),
  /** The catalogue operation (shared/ops), or a free label for commands outside it. */
  op: z.string().min(1).max(100),
  argv: z.array(z.string().max(4096)).max(256),
  startedAt: z.string(),
  endedAt: z.string(),
  /** null when the process was killed by a signal or never started. */
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable().default(null),
  /** Checklist step the command belongs to, when it belongs to one. */
  step: z.string().max(64).nullable().default(null),
  /** Bundle-relative paths of the raw outputs. */
  stdoutFile: z.string().nullable(),
  stderrFile: z.string().nullable(),
  stdoutSha256: z.string().nullable(),
  stderrSha256: z.string().nullable(),
  /** Why it could not run (spawn error, tool missing), if it could not. */
  error: z.string().max(2000).nullable().default(null),
});

export type CommandRecord = z.infer<typeof commandRecordSchema>;

export const noteRecordSchema = z.object({
  at: z.string(),
  step: z.string().max(64).nullable(),
  text: z.string().max(20_000),
});

export type NoteRecord = z.infer<typeof noteRecordSchema>;

/** Who opened, recovered or closed the bundle and when: the custody log. */
export const custodyEventSchema = z.object({
  at: z.string(),
  /** supplied: the evidence came from files a site engineer sent (offline audit), not from commands run. */
  /**
   * draft-exported: a report printed before the audit was finished (watermarked DRAFT);
   * signed: the auditor confirmed "Finish and sign" (the final report is then printed into the
   * bundle); abandoned: the audit was given up, kept on disk but never counted as the site's audit.
   */
  event: z.enum(['created', 'reopened', 'recovered', 'closed', 'sealed', 'supplied', 'draft-exported', 'signed', 'abandoned']),
  detail: z.string().max(20_000).default(''),
});

export type CustodyEvent = z.infer<typeof custodyEventSchema>;

export const hostIdentitySchema = z.object({
  hostname: z.string(),
  kernel: z.string(),
  /** PRETTY_NAME of /etc/os-release, or '' when absent. */
  os: z.string(),
  osRelease: z.record(z.string(), z.string()),
  machineId: z.string().nullable(),
  /** Set when the audited host was a gateway reached over SSH (the auditor's laptop ran the app). */
  remote: z
    .object({
      /** ssh://user@host:port */
      target: z.string(),
      host: z.string(),
      port: z.number().int(),
      user: z.string(),
      hostKeyType: z.string(),
      /** SHA256:… as ssh-keygen -l prints it. */
      hostKeyFingerprint: z.string(),
      /** Pinned from known_hosts, or accepted on first use by this audit. */
      hostKeyTrust: z.enum(['known_hosts', 'accepted-new']),
      /** `uname -a` on the gateway. */
      unameA: z.string(),
      /** How privileged operations ran there: root, sudo -n, sudo with a password, or none. */
      privilege: z.string(),
    })
    .optional(),
});

export type HostIdentity = z.infer<typeof hostIdentitySchema>;

export const manifestFileSchema = z.object({
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Append-only files may legitimately grow after the manifest was written in an open bundle. */
  appendOnly: z.boolean(),
});

export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const MANIFEST_FORMAT = 'pptp-auditor-evidence/1';

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  bundleId: z.string().min(1),
  site: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  /** 'open' while the audit runs (or after a crash), 'closed' once finished and sealed. */
  state: z.enum(['open', 'closed']),
  host: hostIdentitySchema,
  /** Tool name → first line of its --version output (or null when absent). */
  tools: z.record(z.string(), z.string().nullable()),
  files: z.array(manifestFileSchema),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** How one file compares with the manifest. */
export type FileVerdict =
  | { path: string; status: 'ok' }
  | { path: string; status: 'changed'; expectedSha256: string; actualSha256: string }
  | { path: string; status: 'missing' }
  | { path: string; status: 'added' }
  /** Grew after the manifest was written, the manifested prefix is intact (open bundles only). */
  | { path: string; status: 'appended'; manifestSize: number; actualSize: number };

export interface VerifyReport {
  dir: string;
  state: 'open' | 'closed' | 'unreadable';
  intact: boolean;
  /** One line per problem (anything that breaks the chain of custody), for people. */
  problems: string[];
  /** Things worth knowing that do not break it (growth of an open bundle after a crash). */
  warnings: string[];
  files: FileVerdict[];
}

/** Change of a metric between an earlier audit and this one; null when either side lacks it. */
export interface MetricDelta {
  metric: string;
  unit: string;
  old: number | null;
  new: number | null;
  delta: number | null;
}

export interface BaselineComparison {
  old: { dir: string; site: string; createdAt: string };
  new: { dir: string; site: string; createdAt: string };
  sameSite: boolean;
  metrics: MetricDelta[];
  findingsOpened: Array<{ id: string; title: string; severity: string }>;
  /** Found before, and their rule ran again and came out clear. */
  findingsClosed: Array<{ id: string; title: string; severity: string }>;
  /** Found before, but the newer audit did not collect what their rule needs: still open, as far as anyone knows. */
  findingsNotReevaluated: Array<{ id: string; title: string; severity: string }>;
  findingsUnchanged: Array<{ id: string; title: string; severity: string }>;
  warnings: string[];
}
