import { statSync } from 'node:fs';
import type { VerifyReport } from '../../shared/model/evidence';
import { EvidenceError } from './errors';
import { BUNDLE_FILES } from './layout';
import { compareWithManifest, listBundle, readManifest } from './manifest';
import { lockHolder } from './lock';

/** A verification outcome with the bundle-relative names of the files that break custody. */
export type BundleVerification = VerifyReport & { tamperedFiles: string[] };

function unreadable(dir: string, error: unknown, file: string): BundleVerification {
  const message = error instanceof EvidenceError ? error.message : String(error);
  return { dir, state: 'unreadable', intact: false, problems: [message], warnings: [], files: [], tamperedFiles: [file] };
}

/**
 * Checks a bundle against its manifest without changing anything. Changed, missing and added
 * files break the chain of custody, and so does anything the evidence chokepoint refuses
 * (symlinks, FIFOs, devices, hard links, oversized files; a symlinked manifest.json too). In an
 * OPEN bundle (still running, or crashed) an append-only file whose manifested prefix is
 * intact may have grown: that is a warning only.
 */
export function verifyBundle(dir: string): BundleVerification {
  let manifest;
  try {
    manifest = readManifest(dir);
  } catch (error) {
    return unreadable(dir, error, BUNDLE_FILES.manifest);
  }
  const listing = listBundle(dir);
  let files;
  try {
    files = compareWithManifest(dir, manifest, listing);
  } catch (error) {
    // A file swapped for a link, FIFO or bigger file between the listing and the hashing.
    if (error instanceof EvidenceError) return unreadable(dir, error, (error as { file?: string }).file ?? BUNDLE_FILES.manifest);
    throw error;
  }
  // A live writer adds files between two seals (at most a flush interval apart): those are
  // not yet covered, which is reported, but cannot be told from planted ones until it seals.
  const writer = lockHolder(dir, true);
  const problems: string[] = [];
  const warnings: string[] = [];
  const tampered = new Set<string>();
  const problem = (path: string, text: string) => {
    problems.push(text);
    tampered.add(path);
  };
  for (const f of files) {
    switch (f.status) {
      case 'ok':
        break;
      case 'changed':
        problem(f.path, `changed: ${f.path} (sha256 ${f.actualSha256.slice(0, 16)}…, manifest says ${f.expectedSha256.slice(0, 16)}…)`);
        break;
      case 'missing':
        // A manifested file now refused (e.g. made a symlink) is reported once, as refused.
        if (!listing.refused.some((r) => r.path === f.path)) problem(f.path, `missing: ${f.path}`);
        break;
      case 'added':
        if (writer !== null && manifest.state === 'open') warnings.push(`added: ${f.path} (written since the last seal by the running audit)`);
        else problem(f.path, `added: ${f.path} (not in the manifest)`);
        break;
      case 'appended':
        if (manifest.state === 'closed') problem(f.path, `changed: ${f.path} grew from ${f.manifestSize} to ${f.actualSize} bytes after the bundle was closed`);
        else warnings.push(`appended: ${f.path} grew from ${f.manifestSize} to ${f.actualSize} bytes after the last manifest (open bundle; the manifested part is intact)`);
        break;
    }
  }
  for (const r of listing.refused) problem(r.path, `refused: ${r.path} (${r.reason})`);
  for (const path of listing.temp) warnings.push(`leftover temporary file: ${path} (interrupted write; not evidence)`);
  if (writer !== null) warnings.push(`process ${writer} is writing this bundle right now: files may grow while you verify`);
  if (manifest.state === 'open') warnings.push('the bundle was never closed (audit still running, or it crashed): reopen it to recover and seal');
  return { dir, state: manifest.state, intact: problems.length === 0, problems, warnings, files, tamperedFiles: [...tampered] };
}

/** Is this a folder at all (the CLI tells usage errors from tampering). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
