/**
 * CLI start-up against its floor (issue 14, target 1: within 2x of `node -e 0`).
 *   npm run bench -- cli-start            (needs npm run build)
 *   node .tmp/bench/cli-start.mjs [--runs 21] [--capture FILE]
 *
 * Prints, median of alternating runs (wall clock, process start to exit): `node -e 0`,
 * `pptp-auditor --help`, `pptp-auditor analyze SMALL --json`, and which npm packages each
 * start loaded (a require hook lists them at exit), so a command that drags playwright-core,
 * ws, ssh2, prom-client or node-pty into every start shows up here. It also lists the packages
 * the built Electron main bundle requires at its top level (outside lazy module wrappers),
 * since Electron itself is not installed here to start it.
 * Figures only: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const RUNS = Math.max(3, Number(arg('--runs', '21')));
const CAPTURE = arg('--capture', 'test/fixtures/lab/healthy/capture.pcap');
const CLI = path.resolve('dist/cli.cjs');
const MAIN = path.resolve('dist/electron/main.cjs');
const DIR = '/tmp/pptp-auditor-bench';
const HEAVY = ['playwright-core', 'ws', 'ssh2', 'prom-client', 'node-pty'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function wallMs(argv: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr.toString().slice(-300)}`);
  return ms;
}

/** The npm packages a run loaded, from require.cache at exit. */
function packagesLoaded(args: string[]): string[] {
  mkdirSync(DIR, { recursive: true });
  const hook = path.join(DIR, 'list-packages.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => { const p = new Set(); for (const k of Object.keys(require.cache)) { const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(k); if (m) p.add(m[1]); } process.stderr.write('\\nPACKAGES ' + [...p].sort().join(' ') + '\\n'); });\n",
  );
  const r = spawnSync(process.execPath, ['-r', hook, CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const line = r.stderr.split('\n').find((l) => l.startsWith('PACKAGES ')) ?? 'PACKAGES ?';
  return line.slice('PACKAGES '.length).split(' ').filter(Boolean);
}

/** Packages the Electron main bundle requires at module top level (esbuild's lazy wrappers are indented). */
function mainTopLevelRequires(): string[] {
  if (!existsSync(MAIN)) return ['(dist/electron/main.cjs not built)'];
  const text = readFileSync(MAIN, 'utf8');
  const top = [...text.matchAll(/^var [\w$]+ = (?:__toESM\()?require\("([^"]+)"\)/gm)].map((m) => m[1]!);
  return [...new Set(top.filter((p) => !p.startsWith('node:')))].sort();
}

function main(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
  if (!existsSync(CAPTURE)) throw new Error(`no capture ${CAPTURE}: pass --capture FILE`);
  const cases: Array<[string, string[]]> = [
    ['node -e 0 (floor)', [process.execPath, '-e', '0']],
    ['pptp-auditor --help', [process.execPath, CLI, '--help']],
    [`pptp-auditor analyze ${path.basename(CAPTURE)} --json`, [process.execPath, CLI, 'analyze', CAPTURE, '--json']],
  ];
  for (const [, argv] of cases) wallMs(argv); // warm the file cache
  const times = cases.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) cases.forEach(([, argv], k) => times[k]!.push(wallMs(argv)));
  const floor = median(times[0]!);
  console.log(`CLI start-up, wall clock, median of ${RUNS} alternating runs:`);
  cases.forEach(([label], k) => {
    const m = median(times[k]!);
    console.log(`  ${label.padEnd(44)} ${m.toFixed(0).padStart(5)} ms  ${k === 0 ? '' : `${(m / floor).toFixed(2)}x the floor (target <= 2x)`}`);
  });
  for (const args of [['--help'], ['analyze', CAPTURE, '--json']]) {
    const loaded = packagesLoaded(args);
    const heavy = loaded.filter((p) => HEAVY.includes(p));
    console.log(`  packages loaded by ${args[0]}: ${loaded.join(' ') || 'none'}${heavy.length ? `  <- HEAVY: ${heavy.join(' ')}` : ''}`);
  }
  const mainTop = mainTopLevelRequires();
  const heavyMain = mainTop.filter((p) => HEAVY.includes(p) || p === 'playwright-core');
  console.log(`  Electron main bundle, packages required at start: ${mainTop.join(' ')}${heavyMain.length ? `  <- HEAVY: ${heavyMain.join(' ')}` : ''}`);
}

main();
