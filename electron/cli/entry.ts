/**
 * Entry of `dist/cli.cjs`: runs the CLI bundle (`dist/cli-main.cjs`, from ./main.ts) compiled with
 * V8's code cache (`dist/cli-main.cjs.v8cache`, written by build/esbuild.mjs from one warm run).
 *
 * Why: every start otherwise parses the whole 0.9 MB bundle before the first line of it runs, even
 * though a command only executes its own code (issue 14). Node 20 has no `module.enableCompileCache`
 * (22.1+), so the cache is used by hand here. Measured against esbuild code splitting (ESM chunks),
 * the cache cut more CPU per start and keeps the bundle a single CJS file in dist/, so everything
 * that finds files relative to the bundle's `__dirname` is unchanged.
 *
 * Robustness: V8 checks the cache against its own version, flags and the source, and rejects a
 * stale or foreign one; the bundle is then compiled as usual (only slower). A missing cache is the
 * same. Nothing is written at run time: only the build asks for the cache, via the variable below.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { codeCachePath, compileBundle } from './codeCache';

const BUNDLE = path.join(__dirname, 'cli-main.cjs');
const CODE_CACHE = codeCachePath(BUNDLE);
/** Set by build/esbuild.mjs for its warm run: write the code cache at exit. */
const WRITE_CACHE_VARIABLE = 'PPTP_AUDITOR_WRITE_CODE_CACHE';

function readCodeCache(): Buffer | undefined {
  try {
    return readFileSync(CODE_CACHE);
  } catch {
    return undefined; // not built (or removed): compile without it
  }
}

const writeCache = process.env[WRITE_CACHE_VARIABLE] === '1';
const script = compileBundle(BUNDLE, writeCache ? undefined : readCodeCache());
if (writeCache) {
  // At exit, the functions the warm run compiled are in the cache too, not only the top level.
  process.once('exit', () => writeFileSync(CODE_CACHE, script.createCachedData()));
}

// The same wrapper and arguments Node's own CommonJS loader gives a file it requires.
const bundleModule = new Module(BUNDLE, module);
bundleModule.filename = BUNDLE;
const run = script.runInThisContext() as (
  exports: unknown,
  require: NodeJS.Require,
  module: Module,
  filename: string,
  dirname: string,
) => void;
run.call(bundleModule.exports, bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, path.dirname(BUNDLE));
bundleModule.loaded = true;
