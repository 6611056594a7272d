import { statSync } from 'node:fs';
import type { VerifyReport } from '../../shared/model/evidence';
import { EvidenceError } from './errors';
import { compareWithManifest, listBundle, readManifest } from './manifest';
import { lockHolder } from './lock';

/**
 * Checks a bundle against its manifest without changing anything. Changed, missing and added
 * files break the chain of custody. In an OPEN bundle (still running, or crashed) an
 * append-only file whose manifested prefix is intact may have grown: that is a warning only.
 */
export function verifyBundle(dir: string): VerifyReport {
  let manifest;
  try {
    manifest = readManifest(dir);
  } catch (error) {
    const message = error instanceof EvidenceError ? error.message : String(error);
    return { dir, state: 'unreadable', intact: false, problems: [message], warnings: [], files: [] };
  }
  const listing = listBundle(dir);
  const files = compareWithManifest(dir, manifest, listing);
  // A live writer adds files between two seals (at most a flush interval apart): those are
  // not yet covered, which is reported, but cannot be told from planted ones until it seals.
  const writer = lockHolder(dir, true);
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const f of files) {
    switch (f.status) {
      case 'ok':
        break;
      case 'changed':
        problems.push(`changed: ${f.path} (sha256 ${f.actualSha256.slice(0, 16)}…, manifest says ${f.expectedSha256.slice(0, 16)}…)`);
        break;
      case 'missing':
        problems.push(`missing: ${f.path}`);
        break;
      case 'added':
        if (writer !== null && manifest.state === 'open') warnings.push(`added: ${f.path} (written since the last seal by the running audit)`);
        else problems.push(`added: ${f.path} (not in the manifest)`);
        break;
      case 'appended':
        if (manifest.state === 'closed') problems.push(`changed: ${f.path} grew from ${f.manifestSize} to ${f.actualSize} bytes after the bundle was closed`);
        else warnings.push(`appended: ${f.path} grew from ${f.manifestSize} to ${f.actualSize} bytes after the last manifest (open bundle; the manifested part is intact)`);
        break;
    }
  }
  for (const path of listing.irregular) problems.push(`not a regular file: ${path}`);
  for (const path of listing.temp) warnings.push(`leftover temporary file: ${path} (interrupted write; not evidence)`);
  if (writer !== null) warnings.push(`process ${writer} is writing this bundle right now: files may grow while you verify`);
  if (manifest.state === 'open') warnings.push('the bundle was never closed (audit still running, or it crashed): reopen it to recover and seal');
  return { dir, state: manifest.state, intact: problems.length === 0, problems, warnings, files };
}

/** Is this a folder at all (the CLI tells usage errors from tampering). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
