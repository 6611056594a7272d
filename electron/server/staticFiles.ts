import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Reads a file of the built renderer, named by the decoded path segments after the token
 * (requestGate.ts has refused `.`, `..` and separators inside a segment). The resolved path
 * must still stay inside `root`, and only regular files are read (not a FIFO that would hang).
 */
export async function readStatic(root: string, segments: string[]): Promise<{ body: Buffer; type: string } | null> {
  const relative = segments.join('/');
  const clean = relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative;
  const full = path.resolve(root, `.${path.posix.normalize(`/${clean}`)}`);
  if (full !== root && !full.startsWith(`${root}${path.sep}`)) return null;
  try {
    if (!(await stat(full)).isFile()) return null;
    const body = await readFile(full);
    return { body, type: TYPES[path.extname(full)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
