import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  constants as fsConstants,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import {
  MANIFEST_FORMAT,
  type CommandRecord,
  type CommandStart,
  type CustodyEvent,
  type HostIdentity,
  type Manifest,
  type ManifestFile,
  type NoteRecord,
} from '../../shared/model/evidence';
import type { ThroughputSample } from '../../shared/model/throughput';
import { hashBundleFile } from './bundleFile';
import { AppendOnlyFile, fsyncDir, sha256, writeFileAtomic, writeNewFile } from './durable';
import { EvidenceError, wrapWriteError } from './errors';
import { hostIdentity, toolVersions } from './host';
import { jsonlLine } from './jsonl';
import { AUDIT_FORMAT, BUNDLE_DIRS, BUNDLE_FILES, REPORT_DIR, isAppendOnly, type AuditRecord } from './layout';
import { listBundle } from './manifest';
import { acquireWriterLock, releaseWriterLock } from './lock';
import { checkRelativePath, padSeq, safeName } from './paths';

export interface BundleOptions {
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Tool versions for the manifest; probed with `--version` when absent. */
  tools?: Record<string, string | null>;
  host?: HostIdentity;
  /** How often appended files are fsync'd and the manifest resealed (ms). */
  flushIntervalMs?: number;
  /** Errors of the background flush (disk full...), which cannot be thrown to anyone. */
  onBackgroundError?: (error: EvidenceError) => void;
}

/** At most this much work is exposed to a power cut or a kill: the guarantee is "the last second". */
export const DEFAULT_FLUSH_INTERVAL_MS = 500;

/** What a finished command hands over; an OpResult of shared/ops fits. */
export interface CommandOutcome {
  op: string;
  argv: string[];
  startedAt: string;
  endedAt: string;
  exitCode: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
  error?: string | undefined;
  /** The producer's own hash of stdout, checked against ours. */
  outputSha256?: string;
}

/** The end line of a command: what ran and how it ended, plus where (or whether) its outputs went. */
function endRecord(
  seq: number,
  outcome: CommandOutcome,
  step: string | null,
  outputs: Pick<CommandRecord, 'stdoutFile' | 'stderrFile' | 'stdoutSha256' | 'stderrSha256' | 'error'>,
): CommandRecord {
  return {
    kind: 'end',
    seq,
    op: outcome.op,
    argv: outcome.argv,
    startedAt: outcome.startedAt,
    endedAt: outcome.endedAt,
    exitCode: outcome.exitCode,
    signal: outcome.signal ?? null,
    step,
    ...outputs,
  };
}

interface CachedHash {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}

/**
 * One audit's evidence folder, written as the audit goes. Every record is on disk (written
 * synchronously) before the call returns; appended files are fsync'd and the manifest is
 * resealed at most every flushIntervalMs. Nothing is ever rewritten in place except the
 * whole-file snapshots (checklist, findings, facts, manifest), which are replaced atomically.
 */
export class EvidenceBundle {
  private readonly appendFiles = new Map<string, AppendOnlyFile>();
  private readonly hashCache = new Map<string, CachedHash>();
  private readonly now: () => Date;
  private readonly onBackgroundError: (error: EvidenceError) => void;
  private timer: NodeJS.Timeout | null = null;
  private manifestDirty = true;
  private nextSeq: number;
  private closed = false;

  private constructor(
    readonly dir: string,
    private manifestBase: Pick<Manifest, 'bundleId' | 'site' | 'createdAt' | 'host' | 'tools'>,
    nextSeq: number,
    options: BundleOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.nextSeq = nextSeq;
    this.onBackgroundError = options.onBackgroundError ?? (() => undefined);
    const interval = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    if (interval > 0) {
      this.timer = setInterval(() => this.backgroundFlush(), interval);
      this.timer.unref();
    }
  }

  /** Starts a new bundle in an empty (or not yet existing) folder. */
  static create(dir: string, audit: { identity: AuditIdentity; target: AuditTarget | null }, options: BundleOptions = {}): EvidenceBundle {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new EvidenceError(`${dir} exists and is not a folder`);
      if (readdirSync(dir).length > 0) throw new EvidenceError(`${dir} is not empty: a new audit needs an empty folder`);
    }
    const now = (options.now ?? (() => new Date()))();
    const bundleId = randomUUID();
    try {
      mkdirSync(dir, { recursive: true, mode: 0o750 });
      for (const sub of BUNDLE_DIRS) mkdirSync(join(dir, sub), { mode: 0o750 });
    } catch (error) {
      throw wrapWriteError(dir, '(folders)', error);
    }
    acquireWriterLock(dir);
    const bundle = new EvidenceBundle(
      dir,
      {
        bundleId,
        site: audit.identity.site,
        createdAt: now.toISOString(),
        host: options.host ?? hostIdentity(),
        tools: options.tools ?? toolVersions(),
      },
      1,
      options,
    );
    const record: AuditRecord = { format: AUDIT_FORMAT, bundleId, createdAt: now.toISOString(), identity: audit.identity, target: audit.target };
    bundle.writeSnapshot(BUNDLE_FILES.audit, record);
    bundle.custody('created', `site ${audit.identity.site}`);
    bundle.seal();
    return bundle;
  }

  /** Used by resume (recovery.ts): the bundle object around an existing, repaired folder. */
  static attach(dir: string, manifest: Manifest, nextSeq: number, options: BundleOptions): EvidenceBundle {
    const { bundleId, site, createdAt, host, tools } = manifest;
    return new EvidenceBundle(dir, { bundleId, site, createdAt, host, tools }, nextSeq, options);
  }

  get bundleId(): string {
    return this.manifestBase.bundleId;
  }

  // ---- commands ----------------------------------------------------------------------------

  /** Records that a command started (a crash mid-command then still shows it). Returns its seq. */
  beginCommand(command: { op: string; argv: string[]; step?: string | null; startedAt?: string }): number {
    const seq = this.nextSeq++;
    const start: CommandStart = {
      kind: 'start',
      seq,
      op: command.op,
      argv: command.argv,
      startedAt: command.startedAt ?? this.now().toISOString(),
      step: command.step ?? null,
    };
    this.appendRecords(BUNDLE_FILES.commands, [start]);
    return seq;
  }

  /** Stores the raw outputs, then appends the command record pointing at them. */
  endCommand(seq: number, outcome: CommandOutcome, step: string | null = null): CommandRecord {
    const base = `outputs/${padSeq(seq)}-${safeName(outcome.op, 'command')}`;
    const stdoutFile = `${base}.stdout`;
    let stderrFile: string | null = null;
    try {
      this.writeNew(stdoutFile, outcome.stdout);
      if (outcome.stderr !== '') {
        stderrFile = `${base}.stderr`;
        this.writeNew(stderrFile, outcome.stderr);
      }
    } catch (error) {
      this.recordUnstoredOutputs(seq, outcome, step, error);
      throw error;
    }
    const stdoutSha256 = sha256(outcome.stdout);
    let error = outcome.error ?? null;
    if (outcome.outputSha256 && outcome.outputSha256 !== stdoutSha256) {
      error = `${error ? `${error}; ` : ''}stdout hash differs from the producer's (${outcome.outputSha256.slice(0, 16)}…)`;
    }
    const record = endRecord(seq, outcome, step, {
      stdoutFile,
      stderrFile,
      stdoutSha256,
      stderrSha256: stderrFile ? sha256(outcome.stderr) : null,
      error,
    });
    this.appendRecords(BUNDLE_FILES.commands, [record]);
    return record;
  }

  /**
   * The outputs could not be stored (disk full): still close the command's record so the log
   * says it ran and how it ended. Best effort: if even this small line does not fit, the start
   * line stays alone and recovery reports the command as interrupted.
   */
  private recordUnstoredOutputs(seq: number, outcome: CommandOutcome, step: string | null, error: unknown): void {
    const record = endRecord(seq, outcome, step, {
      stdoutFile: null,
      stderrFile: null,
      stdoutSha256: sha256(outcome.stdout),
      stderrSha256: outcome.stderr !== '' ? sha256(outcome.stderr) : null,
      error: `outputs not stored: ${error instanceof Error ? error.message.split('. ')[0] : String(error)}`,
    });
    try {
      this.appendRecords(BUNDLE_FILES.commands, [record]);
    } catch {
      /* reported by the caller's error */
    }
  }

  recordCommand(outcome: CommandOutcome, step: string | null = null): CommandRecord {
    const seq = this.beginCommand({ op: outcome.op, argv: outcome.argv, step, startedAt: outcome.startedAt });
    return this.endCommand(seq, outcome, step);
  }

  // ---- bulk files --------------------------------------------------------------------------

  /**
   * Brings a pcap (or any bulk output) into captures/. With move, a rename when on the same
   * filesystem, else copy then delete the source only once the copy is complete and synced.
   */
  addCapture(sourcePath: string, options: { name?: string; move?: boolean } = {}): string {
    const name = safeName(options.name ?? basename(sourcePath), 'capture.pcap');
    let rel = `captures/${name}`;
    for (let i = 2; existsSync(join(this.dir, rel)); i++) rel = `captures/${i}-${name}`;
    const target = join(this.dir, rel);
    try {
      let moved = false;
      if (options.move) {
        try {
          renameSync(sourcePath, target);
          moved = true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        }
      }
      if (!moved) {
        try {
          copyFileSync(sourcePath, target, fsConstants.COPYFILE_EXCL);
          // Hash the copy as it landed on disk, so the manifest reflects what is in the bundle.
          this.cacheHash(rel, hashBundleFile(this.dir, rel));
        } catch (error) {
          try {
            unlinkSync(target);
          } catch {
            /* nothing copied */
          }
          throw error;
        }
        if (options.move) unlinkSync(sourcePath);
      }
      fsyncDir(join(this.dir, 'captures'));
    } catch (error) {
      throw wrapWriteError(this.dir, rel, error);
    }
    this.manifestDirty = true;
    return rel;
  }

  /** A raw output that is not a command's stdout (e.g. a sysfs read), under outputs/. */
  addOutput(name: string, content: string | Uint8Array): string {
    let rel = `outputs/${safeName(name, 'output')}`;
    for (let i = 2; existsSync(join(this.dir, rel)); i++) rel = `outputs/${i}-${safeName(name, 'output')}`;
    this.writeNew(rel, content);
    return rel;
  }

  /**
   * The signed report, printed from this bundle just before it is closed: `report/<name>`,
   * so the final manifest carries its hash and `verify` covers it like any other evidence.
   */
  addReport(name: string, content: Uint8Array): string {
    const rel = `${REPORT_DIR}/${safeName(name, 'report.pdf')}`;
    try {
      mkdirSync(join(this.dir, REPORT_DIR), { recursive: true, mode: 0o750 });
    } catch (error) {
      throw wrapWriteError(this.dir, REPORT_DIR, error);
    }
    this.writeNew(rel, content);
    return rel;
  }

  /**
   * A record log that grows while it happens (the terminal pane's transcript): JSONL under
   * outputs/, append-only and fsync'd like the bundle's own logs. Returns its relative path.
   */
  appendOutputRecords(name: string, records: readonly unknown[]): string {
    const rel = `outputs/${safeName(name, 'records.jsonl')}`;
    if (!isAppendOnly(rel)) throw new EvidenceError(`${rel}: an appended output must be a .jsonl file`);
    if (records.length > 0) this.appendRecords(rel, records);
    return rel;
  }

  // ---- streams and snapshots ---------------------------------------------------------------

  appendSamples(samples: readonly ThroughputSample[]): void {
    if (samples.length > 0) this.appendRecords(BUNDLE_FILES.samples, samples);
  }

  addNote(note: { step: string | null; text: string; at?: string }): NoteRecord {
    const record: NoteRecord = { at: note.at ?? this.now().toISOString(), step: note.step, text: note.text };
    this.appendRecords(BUNDLE_FILES.notes, [record]);
    return record;
  }

  /** Appends the checklist event and replaces the checklist snapshot. */
  recordChecklist(event: unknown, state: unknown): void {
    this.appendRecords(BUNDLE_FILES.checklistEvents, [{ at: this.now().toISOString(), event }]);
    this.writeSnapshot(BUNDLE_FILES.checklist, state);
  }

  writeFindings(report: unknown): void {
    this.writeSnapshot(BUNDLE_FILES.findings, report);
  }

  writeFacts(facts: unknown): void {
    this.writeSnapshot(BUNDLE_FILES.facts, facts);
  }

  custody(event: CustodyEvent['event'], detail = ''): void {
    const record: CustodyEvent = { at: this.now().toISOString(), event, detail };
    this.appendRecords(BUNDLE_FILES.custody, [record]);
  }

  // ---- durability --------------------------------------------------------------------------

  /** fsync appended files and reseal the manifest if anything changed. Throws on failure. */
  flush(): void {
    this.assertOpen();
    for (const [rel, file] of this.appendFiles) {
      try {
        file.sync();
      } catch (error) {
        throw wrapWriteError(this.dir, rel, error);
      }
    }
    if (this.manifestDirty) this.seal();
  }

  /** Rewrites manifest.json atomically with the SHA-256 of every file. */
  seal(state: 'open' | 'closed' = 'open'): Manifest {
    const now = this.now().toISOString();
    const listing = listBundle(this.dir);
    const files: ManifestFile[] = listing.files.map((f) => {
      const open = this.appendFiles.get(f.path);
      if (open && open.size === f.size) return { path: f.path, size: f.size, sha256: open.digest(), appendOnly: true };
      const cached = this.hashCache.get(f.path);
      const hash =
        cached && cached.size === f.size && cached.mtimeMs === f.mtimeMs && cached.ino === f.ino ? cached.sha256 : hashBundleFile(this.dir, f.path);
      this.hashCache.set(f.path, { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino, sha256: hash });
      return { path: f.path, size: f.size, sha256: hash, appendOnly: isAppendOnly(f.path) };
    });
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      ...this.manifestBase,
      updatedAt: now,
      closedAt: state === 'closed' ? now : null,
      state,
      files,
    };
    try {
      writeFileAtomic(join(this.dir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    } catch (error) {
      throw wrapWriteError(this.dir, BUNDLE_FILES.manifest, error);
    }
    this.manifestDirty = false;
    return manifest;
  }

  /** Ends the audit: custody record, fsync, final manifest in state "closed". */
  close(): Manifest {
    this.assertOpen();
    this.custody('closed');
    for (const [rel, file] of this.appendFiles) {
      try {
        file.sync();
      } catch (error) {
        throw wrapWriteError(this.dir, rel, error);
      }
    }
    const manifest = this.seal('closed');
    this.release();
    return manifest;
  }

  /** Stops writing without closing the audit (the bundle stays "open"; used by tests and shutdown). */
  detach(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.release();
    }
  }

  private release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const file of this.appendFiles.values()) {
      try {
        file.close();
      } catch {
        /* already reported by flush */
      }
    }
    this.appendFiles.clear();
    this.closed = true;
    releaseWriterLock(this.dir);
  }

  private backgroundFlush(): void {
    if (this.closed) return;
    try {
      this.flush();
    } catch (error) {
      this.onBackgroundError(error instanceof EvidenceError ? error : wrapWriteError(this.dir, '(flush)', error));
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EvidenceError(`the evidence bundle ${this.dir} is closed`);
  }

  private appendFile(rel: string): AppendOnlyFile {
    let file = this.appendFiles.get(rel);
    if (!file) {
      const isNew = !existsSync(join(this.dir, rel));
      try {
        file = AppendOnlyFile.open(join(this.dir, checkRelativePath(rel)));
        if (isNew) fsyncDir(join(this.dir, rel, '..'));
      } catch (error) {
        throw wrapWriteError(this.dir, rel, error);
      }
      this.appendFiles.set(rel, file);
    }
    return file;
  }

  private appendRecords(rel: string, records: readonly unknown[]): void {
    this.assertOpen();
    const file = this.appendFile(rel);
    try {
      file.append(Buffer.from(records.map(jsonlLine).join(''), 'utf8'));
    } catch (error) {
      throw wrapWriteError(this.dir, rel, error);
    }
    this.manifestDirty = true;
  }

  private writeNew(rel: string, content: string | Uint8Array): void {
    this.assertOpen();
    const path = join(this.dir, checkRelativePath(rel));
    try {
      writeNewFile(path, content);
      fsyncDir(join(path, '..'));
    } catch (error) {
      throw wrapWriteError(this.dir, rel, error);
    }
    this.cacheHash(rel, sha256(content));
    this.manifestDirty = true;
  }

  private writeSnapshot(rel: string, value: unknown): void {
    this.assertOpen();
    const text = `${JSON.stringify(value, null, 2)}\n`;
    try {
      writeFileAtomic(join(this.dir, rel), text);
    } catch (error) {
      throw wrapWriteError(this.dir, rel, error);
    }
    this.cacheHash(rel, sha256(text));
    this.manifestDirty = true;
  }

  private cacheHash(rel: string, hash: string): void {
    const st = statSync(join(this.dir, rel));
    this.hashCache.set(rel, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, sha256: hash });
  }
}
