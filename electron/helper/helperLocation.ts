import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';

/**
 * Where the root helper may come from: beside the running bundle only (dist/helper.cjs next to
 * dist/cli.cjs, or one level up from dist/electron/main.cjs; in a package, the same place
 * inside the app's resources). Never the current directory: an auditor who runs the tool from
 * /tmp/somewhere must not have root execute a helper.cjs someone else put there.
 */
export function helperCandidates(bundleDir: string): string[] {
  return [join(bundleDir, 'helper.cjs'), join(dirname(bundleDir), 'helper.cjs')];
}

/** The directory of the running bundle (esbuild's CJS output always has __dirname). */
function bundleDir(): string {
  if (typeof __dirname !== 'string' || !isAbsolute(__dirname)) {
    throw new Error('cannot locate the helper: the app does not know its own directory');
  }
  return __dirname;
}

/**
 * Inside the packaged app the bundle runs from resources/app.asar, which only Electron's own fs
 * can read; the helper is run by a separate process (the system node), so it is the unpacked
 * twin in resources/app.asar.unpacked (electron-builder's asarUnpack), in the app's own resources.
 */
export function unpackedTwin(here: string): string {
  return here.split(sep).map((part) => (part === 'app.asar' ? 'app.asar.unpacked' : part)).join(sep);
}

export function defaultHelperPath(here: string = bundleDir(), exists: (path: string) => boolean = existsSync): string {
  const candidates = helperCandidates(unpackedTwin(here));
  return candidates.find(exists) ?? candidates[0]!;
}

/**
 * Why root must not run this helper file, or null: it must be an absolute path to a regular
 * file (not a link) that only root or the auditor can change, in a directory only they can
 * change. Otherwise whoever can write it chooses what runs as root.
 */
export function helperFileProblem(path: string, uid: number = process.getuid?.() ?? 0, what = 'helper'): string | null {
  if (!isAbsolute(path)) return `the ${what} path ${path} is not absolute; refused`;
  const trusted = (owner: number) => owner === 0 || owner === uid;
  try {
    const file = lstatSync(path);
    if (!file.isFile()) return `the ${what} ${path} is not a regular file; refused`;
    if (!trusted(file.uid) || (file.mode & 0o022) !== 0) {
      return `the ${what} ${path} can be changed by another user; refused`;
    }
    const dir = lstatSync(dirname(path));
    if (!dir.isDirectory() || !trusted(dir.uid) || (dir.mode & 0o022) !== 0) {
      return `the ${what}'s directory ${dirname(path)} can be changed by another user; refused`;
    }
  } catch (e) {
    return `the ${what} ${path} can not be checked (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return null;
}

/**
 * The packaged app cannot act as node (its RunAsNode fuse is off, see build/afterPack.mjs), so
 * root runs the helper with the system's Node.js: the distribution's binary, never one found
 * on PATH (sudo's and the auditor's PATH are not ours to trust).
 */
export const SYSTEM_NODE = '/usr/bin/node';

/** Why root must not run this node binary, or null; a link (Debian's alternatives) is followed. */
export function nodeBinaryProblem(path: string, uid: number = process.getuid?.() ?? 0): string | null {
  if (!isAbsolute(path)) return `the node binary path ${path} is not absolute; refused`;
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `the root helper needs Node.js at ${path} (apt install nodejs): the app binary can not run it (its RunAsNode fuse is off)`
      : `the node binary ${path} can not be checked (${code ?? 'error'})`;
  }
  return helperFileProblem(real, uid, 'node binary');
}
