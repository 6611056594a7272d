/**
 * CLI start-up against its floor (issue 14, target 1: within 2x of `node -e 0`).
 *   npm run bench -- cli-start            (needs npm run build)
 *   node .tmp/bench/cli-start.mjs [--runs 21] [--capture FILE]
 *
 * Prints, median of alternating runs, CPU time (user + sys of the child, from bash's `times`, so
 * a loaded machine's waiting is not billed) and wall clock, process start to exit: `node -e 0`,
 * `pptp-auditor --help`, `pptp-auditor analyze SMALL --json`, the load average around the runs,
 * whether V8 accepted the CLI's code cache (dist/cli-main.cjs.v8cache), and which npm packages each
 * start loaded (a require hook lists them at exit), so a command that drags playwright-core,
 * ws, ssh2, prom-client or node-pty into every start shows up here. It also lists the packages
 * the built Electron main bundle requires at its top level (outside lazy module wrappers),
 * since Electron itself is not installed here to start it.
 * Figures only: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { codeCachePath, compileBundle } from '../../electron/cli/codeCache';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const RUNS = Math.max(3, Number(arg('--runs', '21')));
const CAPTURE = arg('--capture', 'test/fixtures/lab/healthy/capture.pcap');
const CLI = path.resolve('dist/cli.cjs');
const MAIN = path.resolve('dist/electron/main.cjs');
const DIR = '/tmp/pptp-auditor-bench';
const BUNDLE = path.resolve('dist/cli-main.cjs');
const HEAVY = ['playwright-core', 'ws', 'ssh2', 'prom-client', 'node-pty'];
// zod (95 files, 1 MB compiled wherever a start pulls in one schema) is heavy for the CLI's start
// only: the Electron main process validates its IPC with it from the first message.
const HEAVY_FOR_CLI = [...HEAVY, 'zod'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface Run {
  cpuMs: number;
  wallMs: number;
}

/** One run under bash, whose `times` prints the children's user and sys time (getrusage) at exit. */
function run(argv: string[]): Run {
  const script = '"$@" >/dev/null 2>"$ERR"; rc=$?; times; exit $rc';
  const errFile = path.join(DIR, 'stderr.txt');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', script, 'bash', ...argv], { encoding: 'utf8', env: { ...process.env, ERR: errFile } });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${readFileSync(errFile, 'utf8').slice(-300)}`);
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`cannot read bash times: ${JSON.stringify(r.stdout)}`);
  return { cpuMs: (seconds[0]! + seconds[1]!) * 1000, wallMs };
}

/** Whether V8 takes the code cache the build wrote (it rejects one from another Node or other flags). */
function codeCacheState(): string {
  const cache = codeCachePath(BUNDLE);
  if (!existsSync(cache)) return 'absent (dist/cli.cjs compiles the bundle without it)';
  return compileBundle(BUNDLE, readFileSync(cache)).cachedDataRejected ? 'rejected by this Node' : 'accepted';
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
  mkdirSync(DIR, { recursive: true });
  for (const [, argv] of cases) run(argv); // warm the file cache
  const runs = cases.map(() => [] as Run[]);
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  for (let i = 0; i < RUNS; i++) cases.forEach(([, argv], k) => runs[k]!.push(run(argv)));
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const cpuFloor = median(runs[0]!.map((r) => r.cpuMs));
  const wallFloor = median(runs[0]!.map((r) => r.wallMs));
  console.log(`CLI start-up, median of ${RUNS} alternating runs (load average ${loadBefore} before, ${loadAfter} after):`);
  console.log(`  ${''.padEnd(44)} ${'CPU'.padStart(8)} ${''.padEnd(7)} ${'wall'.padStart(8)}`);
  cases.forEach(([label], k) => {
    const cpu = median(runs[k]!.map((r) => r.cpuMs));
    const wall = median(runs[k]!.map((r) => r.wallMs));
    const ratio = k === 0 ? '' : `${(cpu / cpuFloor).toFixed(2)}x`;
    const wallRatio = k === 0 ? '' : `${(wall / wallFloor).toFixed(2)}x`;
    console.log(`  ${label.padEnd(44)} ${cpu.toFixed(0).padStart(5)} ms ${ratio.padStart(6)}  ${wall.toFixed(0).padStart(5)} ms ${wallRatio.padStart(6)}`);
  });
  console.log('  (ratios are to the floor; target <= 2x)');
  console.log(`  V8 code cache of the CLI bundle: ${codeCacheState()}`);
  for (const args of [['--help'], ['analyze', CAPTURE, '--json']]) {
    const loaded = packagesLoaded(args);
    const heavy = loaded.filter((p) => HEAVY_FOR_CLI.includes(p));
    console.log(`  packages loaded by ${args[0]}: ${loaded.join(' ') || 'none'}${heavy.length ? `  <- HEAVY: ${heavy.join(' ')}` : ''}`);
  }
  const mainTop = mainTopLevelRequires();
  const heavyMain = mainTop.filter((p) => HEAVY.includes(p) || p === 'playwright-core');
  console.log(`  Electron main bundle, packages required at start: ${mainTop.join(' ')}${heavyMain.length ? `  <- HEAVY: ${heavyMain.join(' ')}` : ''}`);
}

main();
