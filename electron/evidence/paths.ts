import { EvidenceError } from './errors';

/**
 * Bundle-relative paths: forward slashes, no absolute paths, no "." or ".." segments, no
 * control characters. Every path that enters or leaves the bundle goes through here, so a
 * hostile name (from a manifest, an op name, a capture file name) cannot escape the folder.
 */
export function checkRelativePath(path: string): string {
  if (path.length === 0 || path.length > 512) throw new EvidenceError(`invalid bundle path (length ${path.length})`);
  if (path.startsWith('/') || path.includes('\\') || /[\u0000-\u001f\u007f]/.test(path)) {
    throw new EvidenceError(`invalid bundle path ${JSON.stringify(path.slice(0, 80))}`);
  }
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new EvidenceError(`invalid bundle path ${JSON.stringify(path.slice(0, 80))}`);
    }
  }
  return path;
}

export function isSafeRelativePath(path: string): boolean {
  try {
    checkRelativePath(path);
    return true;
  } catch {
    return false;
  }
}

/** A file-name fragment from an untrusted label (op name, capture name): safe characters only. */
export function safeName(label: string, fallback = 'file'): string {
  const cleaned = label
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 60);
  return cleaned === '' ? fallback : cleaned;
}

export function padSeq(seq: number): string {
  return String(seq).padStart(4, '0');
}
