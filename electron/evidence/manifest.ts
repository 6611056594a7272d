import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { manifestSchema, type FileVerdict, type Manifest } from '../../shared/model/evidence';
import { BundleFileMissing, hashBundleFile, readBundleFile, refusalOf } from './bundleFile';
import { EvidenceError } from './errors';
import { BUNDLE_FILES, TEMP_FILE, WRITER_LOCK } from './layout';
import { isSafeRelativePath } from './paths';

export interface ListedFile {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface BundleListing {
  files: ListedFile[];
  /**
   * Symlinks, devices, FIFOs, hard links, oversized files: never written by us, so their
   * presence is itself a problem. The reason is the chokepoint's (bundleFile.refusalOf).
   */
  refused: Array<{ path: string; reason: string }>;
  /** Leftover temp files of an interrupted atomic write. */
  temp: string[];
}

/** Every file of the bundle except the manifest itself, sorted, with forward-slash paths. */
export function listBundle(dir: string): BundleListing {
  const listing: BundleListing = { files: [], refused: [], temp: [] };
  const walk = (rel: string) => {
    const entries = readdirSync(rel === '' ? dir : join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (path === BUNDLE_FILES.manifest || path === WRITER_LOCK) continue;
      const st = lstatSync(join(dir, path));
      if (st.isDirectory()) {
        walk(path);
        continue;
      }
      const refusal = refusalOf(path, st);
      if (refusal) listing.refused.push({ path, reason: refusal });
      else if (TEMP_FILE.test(entry.name)) listing.temp.push(path);
      else listing.files.push({ path, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
    }
  };
  walk('');
  listing.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return listing;
}

export function readManifest(dir: string): Manifest {
  let text: string;
  try {
    // Through the chokepoint like any other file: a symlinked manifest is tampering.
    text = readBundleFile(dir, BUNDLE_FILES.manifest).toString('utf8');
  } catch (error) {
    if (error instanceof BundleFileMissing) throw new EvidenceError(`${dir} is not an evidence bundle (no manifest.json)`);
    throw new EvidenceError(`cannot read ${dir}/manifest.json: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EvidenceError(`manifest.json of ${dir} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EvidenceError(`manifest.json of ${dir} is malformed: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  for (const f of parsed.data.files) {
    if (!isSafeRelativePath(f.path)) throw new EvidenceError(`manifest.json of ${dir} lists an unsafe path ${JSON.stringify(f.path.slice(0, 80))}`);
  }
  return parsed.data;
}

/**
 * Compares the files on disk with a manifest. An append-only file that grew is "appended" when
 * the bytes the manifest covers still hash the same; the caller decides whether that is
 * acceptable (it is for an open bundle after a crash, never for a closed one).
 */
export function compareWithManifest(dir: string, manifest: Manifest, listing = listBundle(dir)): FileVerdict[] {
  const onDisk = new Map(listing.files.map((f) => [f.path, f]));
  const verdicts: FileVerdict[] = [];
  for (const entry of manifest.files) {
    const file = onDisk.get(entry.path);
    onDisk.delete(entry.path);
    if (!file) {
      verdicts.push({ path: entry.path, status: 'missing' });
      continue;
    }
    if (file.size === entry.size) {
      const actual = hashBundleFile(dir, entry.path);
      verdicts.push(actual === entry.sha256 ? { path: entry.path, status: 'ok' } : { path: entry.path, status: 'changed', expectedSha256: entry.sha256, actualSha256: actual });
      continue;
    }
    if (entry.appendOnly && file.size > entry.size) {
      const prefix = hashBundleFile(dir, entry.path, entry.size);
      if (prefix === entry.sha256) {
        verdicts.push({ path: entry.path, status: 'appended', manifestSize: entry.size, actualSize: file.size });
        continue;
      }
    }
    verdicts.push({ path: entry.path, status: 'changed', expectedSha256: entry.sha256, actualSha256: hashBundleFile(dir, entry.path) });
  }
  for (const path of onDisk.keys()) verdicts.push({ path, status: 'added' });
  return verdicts;
}
