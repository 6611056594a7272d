import { build } from 'esbuild';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * Bundles the helper (and, when asked, a test driver) into a world-readable temp directory
 * with every package inlined except node-pty (native; resolved through NODE_PATH), so an
 * unprivileged test user can run them without reading the repo's node_modules tree layout.
 */
export async function buildForTest(entries: Record<string, string>): Promise<{ dir: string; files: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pa-ops-build-'));
  await chmod(dir, 0o755);
  const files: Record<string, string> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const outfile = join(dir, `${name}.cjs`);
    await build({
      entryPoints: [join(ROOT, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['node-pty'],
      logLevel: 'error',
    });
    await chmod(outfile, 0o644);
    files[name] = outfile;
  }
  return { dir, files };
}

export const REPO_NODE_MODULES = join(ROOT, 'node_modules');
