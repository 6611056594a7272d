import { build } from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;
const REPO_NODE_MODULES = join(ROOT, 'node_modules');

/**
 * The elevation tests run code as a throw-away UNPRIVILEGED user, who may not be able to reach
 * the checkout at all (a clone under a 0700 folder, a home directory). So nothing they run is
 * read from the checkout: it is copied, as root, into a fresh folder under /tmp that every
 * user can traverse and read but only root can write (a root helper must never load code from
 * a folder the user can write). Call as root.
 */
function freshReadableDir(prefix: string): string {
  const dir = mkdtempSync(join('/tmp', prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Readable by all, writable by the owner (root) only, whatever modes the checkout had (a
 * clone made with umask 077 has 0600 files): directories 0755, files 0644 or 0755.
 */
function makeReadableByAll(path: string): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) makeReadableByAll(join(path, entry));
  } else {
    chmodSync(path, st.mode & 0o100 ? 0o755 : 0o644);
  }
}

/** Package name of a bare require specifier ('@scope/x/y' -> '@scope/x'), or null for builtins and paths. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  if (builtinModules.includes(specifier.split('/')[0]!)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Copies a package (and, recursively, its dependencies) from the repo's node_modules into
 * `nodeModules`. node-pty ships sources and prebuilt binaries for other systems (60 MB): only
 * what it loads at run time is copied (its JS and the native addon for this platform).
 */
function copyPackage(name: string, nodeModules: string): void {
  const dest = join(nodeModules, name);
  if (existsSync(dest)) return;
  const src = realpathSync(join(REPO_NODE_MODULES, name));
  const manifest = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  mkdirSync(dest, { recursive: true });
  if (name === 'node-pty') {
    for (const part of ['package.json', 'lib', 'build/Release', `prebuilds/${process.platform}-${process.arch}`]) {
      if (existsSync(join(src, part))) cpSync(join(src, part), join(dest, part), { recursive: true, dereference: true });
    }
    return; // node-addon-api, its one dependency, is needed to build it, not to load it
  }
  cpSync(src, dest, { recursive: true, dereference: true });
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (existsSync(join(REPO_NODE_MODULES, dep))) copyPackage(dep, nodeModules);
  }
}

/** Every package a CommonJS bundle requires at run time, copied beside it. */
function copyRequiredPackages(bundle: string, nodeModules: string): void {
  const text = readFileSync(bundle, 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/\brequire\("([^"]+)"\)/g)) {
    const name = packageOf(m[1]!);
    if (name) names.add(name);
  }
  for (const name of names) copyPackage(name, nodeModules);
}

/**
 * Bundles the helper (and, when asked, a test driver) into a fresh readable folder with every
 * package inlined except node-pty (native), which is copied into the folder's own node_modules.
 */
export async function buildForTest(entries: Record<string, string>): Promise<{ dir: string; files: Record<string, string> }> {
  const dir = freshReadableDir('pa-ops-build-');
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
    copyRequiredPackages(outfile, join(dir, 'node_modules'));
    files[name] = outfile;
  }
  makeReadableByAll(dir);
  return { dir, files };
}

/**
 * A copy of the built app (`dist/`, from `npm run build`) in a fresh readable folder, with the
 * packages its CLI loads: what an installed app looks like to the user running it.
 */
export function stageBuiltApp(): { dir: string; cli: string; helper: string } {
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'cli.cjs'))) throw new Error(`${dist}/cli.cjs missing: run npm run build first`);
  const dir = freshReadableDir('pa-app-');
  cpSync(dist, dir, { recursive: true, dereference: true });
  // dist/cli.cjs is a small entry; the packages are required by the bundle it runs.
  copyRequiredPackages(join(dir, 'cli-main.cjs'), join(dir, 'node_modules'));
  makeReadableByAll(dir);
  return { dir, cli: join(dir, 'cli.cjs'), helper: join(dir, 'helper.cjs') };
}
