// Runs the benchmarks under test/bench with plain Node: each is bundled first, because a
// TypeScript loader such as tsx costs CPU of its own (~0.6 % of a core idle) and would be
// billed to the code being measured.  Usage: npm run bench [-- name ... [-- --runs 3 ...]]
// (arguments after a second `--` go to every bench run).
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const wanted = split >= 0 ? args.slice(0, split) : args;
const benchArgs = split >= 0 ? args.slice(split + 1) : [];
// wire-synth.ts is the capture builder the wire bench imports, not a bench.
const benches = readdirSync('test/bench')
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'wire-synth.ts')
  .map((f) => f.slice(0, -3))
  .filter((name) => wanted.length === 0 || wanted.includes(name));

let failed = 0;
for (const name of benches) {
  const outfile = path.join('.tmp/bench', `${name}.mjs`);
  await build({
    entryPoints: [`test/bench/${name}.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url); import { fileURLToPath as __fu } from 'node:url'; import __p from 'node:path'; const __filename = __fu(import.meta.url); const __dirname = __p.dirname(__filename);" },
    logLevel: 'warning',
  });
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, [outfile, ...benchArgs], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
