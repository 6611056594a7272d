import { closeSync, constants, fsyncSync, ftruncateSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { commandRecordSchema, commandStartSchema, type CommandStart, type FileVerdict } from '../../shared/model/evidence';
import { EvidenceBundle, type BundleOptions } from './bundle';
import { readBundleFile, readOptionalBundleFile } from './bundleFile';
import { writeNewFile } from './durable';
import { EvidenceError, wrapWriteError } from './errors';
import { parseJsonl } from './jsonl';
import { BUNDLE_FILES } from './layout';
import { compareWithManifest, listBundle, readManifest } from './manifest';
import { acquireWriterLock } from './lock';

export interface RecoveryReport {
  /** Torn last lines cut off the JSONL files; the bytes are kept under recovery/. */
  tornLines: Array<{ file: string; offset: number; bytes: number; savedAs: string }>;
  /** Complete lines that are not valid records (kept in place, reported). */
  badLines: Array<{ file: string; line: number; error: string }>;
  /** Commands that started and never ended (the crash happened while they ran). */
  interruptedCommands: CommandStart[];
  /** Files that differ from the last manifest (written after it, or damaged). */
  sinceManifest: FileVerdict[];
  /** Temp files of interrupted atomic writes, removed. */
  removedTemp: string[];
}

/**
 * Reopens an OPEN bundle after a crash (or a clean detach) to continue the audit:
 * removes temp files, cuts torn last lines off the JSONL files (saving the torn bytes under
 * recovery/), writes what it found to the custody log, and reseals the manifest. A closed
 * bundle is refused: a finished audit is never written to again.
 */
export function resumeBundle(dir: string, options: BundleOptions = {}): { bundle: EvidenceBundle; report: RecoveryReport } {
  const manifest = readManifest(dir);
  if (manifest.state === 'closed') throw new EvidenceError(`the evidence bundle ${dir} was closed on ${manifest.closedAt}: start a new audit instead`);
  acquireWriterLock(dir);
  const now = options.now ?? (() => new Date());
  const stamp = now().toISOString().replace(/[:.]/g, '-');
  const report: RecoveryReport = { tornLines: [], badLines: [], interruptedCommands: [], sinceManifest: [], removedTemp: [] };

  const listing = listBundle(dir);
  for (const temp of listing.temp) {
    unlinkSync(join(dir, temp));
    report.removedTemp.push(temp);
  }
  for (const file of listing.files.filter((f) => f.path.endsWith('.jsonl'))) {
    const content = readBundleFile(dir, file.path);
    const parsed = parseJsonl(content);
    for (const bad of parsed.badLines) report.badLines.push({ file: file.path, ...bad });
    if (parsed.tornTail) {
      const savedAs = `recovery/${file.path.replace(/\//g, '_')}.${stamp}.torn`;
      try {
        writeNewFile(join(dir, savedAs), content.subarray(parsed.tornTail.offset));
        // Cut through a descriptor opened without following links (recover may run as root).
        const fd = openSync(join(dir, file.path), constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK);
        try {
          ftruncateSync(fd, parsed.tornTail.offset);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        throw wrapWriteError(dir, savedAs, error);
      }
      report.tornLines.push({ file: file.path, offset: parsed.tornTail.offset, bytes: parsed.tornTail.bytes, savedAs });
    }
  }

  const commands = parseJsonl(readCommands(dir));
  const ended = new Set<number>();
  const starts: CommandStart[] = [];
  let maxSeq = 0;
  for (const raw of commands.records) {
    const end = commandRecordSchema.safeParse(raw);
    if (end.success) {
      ended.add(end.data.seq);
      maxSeq = Math.max(maxSeq, end.data.seq);
      continue;
    }
    const start = commandStartSchema.safeParse(raw);
    if (start.success) {
      starts.push(start.data);
      maxSeq = Math.max(maxSeq, start.data.seq);
    }
  }
  report.interruptedCommands = starts.filter((s) => !ended.has(s.seq));
  report.sinceManifest = compareWithManifest(dir, manifest).filter((v) => v.status !== 'ok');

  const bundle = EvidenceBundle.attach(dir, manifest, maxSeq + 1, options);
  if (report.tornLines.length + report.badLines.length + report.interruptedCommands.length + report.sinceManifest.length + report.removedTemp.length > 0) {
    bundle.custody('recovered', JSON.stringify(report));
  }
  bundle.custody('reopened');
  bundle.seal();
  return { bundle, report };
}

function readCommands(dir: string): Buffer {
  return readOptionalBundleFile(dir, BUNDLE_FILES.commands) ?? Buffer.alloc(0);
}
