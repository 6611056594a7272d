// Bundles the Node side (Electron shell, preload, CLI, sudo-helper) into dist/.
// Packages stay external: they are installed beside the app and node-pty is native.
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

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron'] }),
  // Sandboxed preloads cannot require packages: bundle everything the preload needs into it.
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', packages: undefined, external: ['electron'] }),
  build({ ...common, entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli.cjs', banner: { js: '#!/usr/bin/env node' } }),
  // The root helper is self-contained: it must not resolve packages from a folder the user can write.
  build({ ...common, entryPoints: ['electron/helper/main.ts'], outfile: 'dist/helper.cjs', packages: undefined, external: ['node-pty'] }),
]);
