// `npm test`: typecheck, lint and build, then every test tier as its own vitest run (the tiers
// are the projects of test/vitest.config.ts: unit in parallel, the others one file at a time),
// and a table of what each stage took. Every stage runs even when an earlier one failed, so one
// CI run reports everything; the exit code is 1 when any stage failed.
//   node build/test.mjs                 # everything
//   node build/test.mjs unit e2e        # only these stages, in the order given
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VITEST = path.join(ROOT, 'node_modules', '.bin', 'vitest');
const TIERS = ['unit', 'integration', 'e2e', 'lab']; // the projects of test/vitest.config.ts

const STAGES = new Map([
  ['typecheck', ['npm', ['run', '--silent', 'typecheck']]],
  ['lint', ['npm', ['run', '--silent', 'lint']]],
  ['build', ['npm', ['run', '--silent', 'build']]],
  ...TIERS.map((tier) => [tier, [VITEST, ['run', '--config', 'test/vitest.config.ts', '--project', tier]]]),
]);

/** Every test file must belong to a tier run here: a project added to the config but not here would never run. */
function checkEveryFileHasATier() {
  const list = spawnSync(VITEST, ['list', '--config', 'test/vitest.config.ts', '--filesOnly', '--json'], { cwd: ROOT, encoding: 'utf8' });
  if (list.status !== 0) return; // a config that does not load fails loudly in the tiers themselves
  const orphans = JSON.parse(list.stdout).filter((f) => !TIERS.includes(f.projectName));
  if (orphans.length > 0) {
    console.error(`test files in no tier of build/test.mjs: ${orphans.map((f) => `${f.file} (${f.projectName})`).join(', ')}`);
    process.exit(2);
  }
}

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !STAGES.has(name));
if (unknown.length > 0) {
  console.error(`unknown stage ${unknown.join(', ')}; stages: ${[...STAGES.keys()].join(', ')}`);
  process.exit(2);
}

checkEveryFileHasATier();
const results = [];
for (const name of asked.length > 0 ? asked : STAGES.keys()) {
  const [command, args] = STAGES.get(name);
  console.log(`\n== ${name}: ${path.basename(command)} ${args.join(' ')}`);
  const t0 = performance.now();
  const run = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  const seconds = (performance.now() - t0) / 1000;
  const ok = run.status === 0;
  const outcome = ok ? 'passed' : run.error ? `could not start: ${run.error.message}` : `failed (exit ${run.status ?? run.signal})`;
  results.push({ name, seconds, ok, outcome });
  console.log(`== ${name}: ${outcome} in ${seconds.toFixed(1)} s`);
}

const total = results.reduce((sum, r) => sum + r.seconds, 0);
console.log('\n== npm test, per stage');
for (const r of results) console.log(`  ${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(8)} s  ${r.outcome}`);
console.log(`  ${'total'.padEnd(12)} ${total.toFixed(1).padStart(8)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
