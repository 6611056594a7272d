// Bundles the Node side (Electron shell, preload, CLI, sudo-helper) into dist/.
// Packages stay external: they are installed beside the app and node-pty is native.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
};

/**
 * The CLI bundle runs through vm.Script (electron/cli/entry.ts), where a real import() needs
 * vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, which prints an ExperimentalWarning on Node 20. Its
 * one real import(), of node-pty (native, loaded on first use), becomes a lazy require() here
 * instead (esbuild's wrapper forgets a failed load, so a retry requires again).
 */
const nodePtyImportAsRequire = {
  name: 'node-pty-import-as-require',
  setup(b) {
    b.onResolve({ filter: /^node-pty$/ }, (args) => {
      if (args.kind === 'dynamic-import') return { path: 'node-pty', namespace: 'node-pty-require' };
      return args.namespace === 'node-pty-require' ? { path: 'node-pty', external: true } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'node-pty-require' }, () => ({
      contents: "module.exports = require('node-pty');",
      loader: 'js',
    }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron'] }),
  // Sandboxed preloads cannot require packages: bundle everything the preload needs into it.
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', packages: undefined, external: ['electron'] }),
  // The CLI: dist/cli.cjs (what everyone runs) is a small entry that runs the bundle dist/cli-main.cjs
  // through V8's code cache (see electron/cli/entry.ts; issue 14). Both sit in dist/ so the bundle's
  // __dirname is what it always was.
  build({ ...common, entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli-main.cjs', plugins: [nodePtyImportAsRequire] }),
  build({ ...common, entryPoints: ['electron/cli/entry.ts'], outfile: 'dist/cli.cjs', banner: { js: '#!/usr/bin/env node' } }),
  // The root helper is self-contained: it must not resolve packages from a folder the user can write.
  build({ ...common, entryPoints: ['electron/helper/main.ts'], outfile: 'dist/helper.cjs', packages: undefined, external: ['node-pty'] }),
]);

// The code cache comes from a warm run of this very Node (V8 rejects it under another version or
// other flags, and the CLI then compiles without it). `--help` runs the start every command shares.
const codeCache = 'dist/cli-main.cjs.v8cache';
rmSync(codeCache, { force: true });
const warm = spawnSync(process.execPath, ['dist/cli.cjs', '--help'], {
  env: { ...process.env, NODE_OPTIONS: '', PPTP_AUDITOR_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (warm.status !== 0) throw new Error(`writing ${codeCache}: dist/cli.cjs --help exited ${warm.status ?? warm.signal}`);
