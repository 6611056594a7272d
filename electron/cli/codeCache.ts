import { readFileSync } from 'node:fs';
import Module from 'node:module';
import vm from 'node:vm';

/** Where the build writes the V8 code cache of a bundle: beside it. */
export function codeCachePath(bundle: string): string {
  return `${bundle}.v8cache`;
}

/**
 * Compiles a CommonJS bundle the way Node's loader would (same wrapper), with V8's code cache
 * when given one. V8 checks the cache against its version, flags and the source, and rejects a
 * foreign or stale one (`script.cachedDataRejected`): the bundle is then compiled as usual.
 * Used by the CLI entry and by test/bench/cli-start.ts, so both compile the same way.
 */
export function compileBundle(bundle: string, cachedData: Buffer | undefined): vm.Script {
  return new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), {
    filename: bundle,
    cachedData,
    // The bundle has no real import() left (build/esbuild.mjs turns node-pty's into a require);
    // should one come back, resolve it as Node would rather than fail.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}
