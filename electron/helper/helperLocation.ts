import { existsSync, lstatSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

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

export function defaultHelperPath(here: string = bundleDir(), exists: (path: string) => boolean = existsSync): string {
  const candidates = helperCandidates(here);
  return candidates.find(exists) ?? candidates[0]!;
}

/**
 * Why root must not run this helper file, or null: it must be an absolute path to a regular
 * file (not a link) that only root or the auditor can change, in a directory only they can
 * change. Otherwise whoever can write it chooses what runs as root.
 */
export function helperFileProblem(path: string, uid: number = process.getuid?.() ?? 0): string | null {
  if (!isAbsolute(path)) return `the helper path ${path} is not absolute; refused`;
  const trusted = (owner: number) => owner === 0 || owner === uid;
  try {
    const file = lstatSync(path);
    if (!file.isFile()) return `the helper ${path} is not a regular file; refused`;
    if (!trusted(file.uid) || (file.mode & 0o022) !== 0) {
      return `the helper ${path} can be changed by another user; refused`;
    }
    const dir = lstatSync(dirname(path));
    if (!dir.isDirectory() || !trusted(dir.uid) || (dir.mode & 0o022) !== 0) {
      return `the helper's directory ${dirname(path)} can be changed by another user; refused`;
    }
  } catch (e) {
    return `the helper ${path} can not be checked (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return null;
}
