// Test helper: "give me scenario X" -> its artefacts, booting the UML guest only
// when no cached run exists. Cache key = hash of every lab script + the guest
// commands, so editing the lab invalidates it; runs live under
// $PPTP_LAB_CACHE or <repo>/.tmp/lab-cache/<hash>/<scenario>/.
//
//   import { scenario } from '../lab/lab';
//   const s = await scenario('healthy');
//   s.read('client-pppd.log'); s.path('capture.pcap'); s.manifest.steps
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  bootLab,
  guestCommandSchema,
  LAB_DIR,
  missingLabTools,
  type GuestCommand,
  type ScenarioManifest,
} from './boot';
import { isScenarioName, SCENARIOS, type ScenarioName } from './scenarios';

export { SCENARIOS, type ScenarioName } from './scenarios';
export type { GuestCommand, ScenarioManifest } from './boot';

const REPO_ROOT = path.resolve(LAB_DIR, '..', '..');

export interface ScenarioArtefacts {
  name: ScenarioName;
  /** Host folder holding every file the scenario produced. */
  dir: string;
  manifest: ScenarioManifest;
  /** File names in dir. */
  files: string[];
  path(file: string): string;
  has(file: string): boolean;
  /** File content as UTF-8, '' when the file does not exist. */
  read(file: string): string;
  /** Exit code of a recorded step (by step name), undefined if it never ran. */
  exitOf(stepName: string): number | undefined;
}

export interface ScenarioOptions {
  /** Our own commands to run in the guest while the tunnel is up. */
  guestCommands?: GuestCommand[];
  /** Ignore any cached run. */
  fresh?: boolean;
}

function listLabScripts(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listLabScripts(p));
    else out.push(p);
  }
  return out.sort();
}

let memoHash: string | undefined;
/**
 * Hash of the guest scripts and the boot driver: a change means new runs.
 * Computed once per process, so editing the lab mid-run cannot split a run.
 */
export function labHash(): string {
  if (memoHash) return memoHash;
  const h = createHash('sha256');
  for (const f of [...listLabScripts(path.join(LAB_DIR, 'guest')), path.join(LAB_DIR, 'boot.ts')]) {
    h.update(path.relative(LAB_DIR, f));
    h.update(readFileSync(f));
  }
  memoHash = h.digest('hex').slice(0, 16);
  return memoHash;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Default cache: drop runs of older lab versions untouched for a day. */
function pruneOldLabVersions(base: string, keep: string): void {
  if (!existsSync(base)) return;
  for (const entry of readdirSync(base)) {
    if (entry === keep || !/^[0-9a-f]{16}$/.test(entry)) continue;
    const mtime = statSafe(path.join(base, entry));
    if (mtime !== undefined && Date.now() - mtime > DAY_MS)
      rmSync(path.join(base, entry), { recursive: true, force: true });
  }
}

export function cacheRoot(): string {
  const fromEnv = process.env.PPTP_LAB_CACHE;
  if (fromEnv) return path.resolve(fromEnv);
  const base = path.join(REPO_ROOT, '.tmp', 'lab-cache');
  pruneOldLabVersions(base, labHash());
  return path.join(base, labHash());
}

function cacheKey(name: ScenarioName, commands: GuestCommand[]): string {
  if (commands.length === 0) return name;
  const h = createHash('sha256').update(JSON.stringify(commands)).digest('hex').slice(0, 10);
  return `${name}+cmd-${h}`;
}

function artefacts(name: ScenarioName, dir: string): ScenarioArtefacts {
  const manifest = JSON.parse(
    readFileSync(path.join(dir, 'scenario.json'), 'utf8'),
  ) as ScenarioManifest;
  const files = readdirSync(dir).sort();
  return {
    name,
    dir,
    manifest,
    files,
    path: (file) => path.join(dir, file),
    has: (file) => existsSync(path.join(dir, file)),
    read: (file) => {
      const p = path.join(dir, file);
      return existsSync(p) ? readFileSync(p, 'utf8') : '';
    },
    exitOf: (stepName) => manifest.steps.find((s) => s.name === stepName)?.exit,
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** mkdir-based lock so parallel test workers never boot the same run twice. */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const pid = Number(readFileSafe(path.join(lockDir, 'pid')));
      const age = Date.now() - (statSafe(lockDir) ?? Date.now());
      if ((pid > 0 && !pidAlive(pid)) || age > 15 * 60_000)
        rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`lab lock held too long: ${lockDir}`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}
function statSafe(p: string): number | undefined {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

let toolsChecked = false;
/** The lab installs its own apt packages (test/lab/install-apt.sh) when root and something is missing. */
function ensureLabTools(): void {
  if (toolsChecked) return;
  if (missingLabTools().length > 0 && process.getuid?.() === 0) {
    execFileSync('sh', [path.join(LAB_DIR, 'install-apt.sh')], {
      stdio: 'inherit',
      timeout: 15 * 60_000,
    });
  }
  toolsChecked = true; // bootLab re-checks and names whatever is still missing
}

/** Artefacts of one scenario, from the cache or from a fresh guest boot. */
export async function scenario(
  name: string,
  opts: ScenarioOptions = {},
): Promise<ScenarioArtefacts> {
  if (!isScenarioName(name))
    throw new Error(`unknown lab scenario "${name}"; known: ${SCENARIOS.join(', ')}`);
  const commands = (opts.guestCommands ?? []).map((c) => guestCommandSchema.parse(c));
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  const key = cacheKey(name, commands);
  const finalDir = path.join(root, key);
  const done = () => existsSync(path.join(finalDir, 'scenario.json'));
  if (!opts.fresh && done()) return artefacts(name, finalDir);
  return withLock(path.join(root, `${key}.lock`), async () => {
    if (!opts.fresh && done()) return artefacts(name, finalDir);
    ensureLabTools();
    const bootDir = path.join(root, `.boot-${key}-${process.pid}-${Date.now()}`);
    const result = await bootLab({
      scenarios: [name],
      outDir: bootDir,
      guestCommands: commands.length > 0 ? { [name]: commands } : {},
    });
    const produced = path.join(bootDir, name);
    if (result.timedOut || !existsSync(path.join(produced, 'scenario.json'))) {
      throw new Error(
        `lab scenario ${name} did not complete (timedOut=${result.timedOut}); see ${bootDir}`,
      );
    }
    // The console log is shared by the boot; keep a copy beside the scenario.
    writeFileSync(
      path.join(produced, 'guest-console.log'),
      readFileSafe(path.join(bootDir, 'guest-console.log')),
    );
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(produced, finalDir);
    rmSync(bootDir, { recursive: true, force: true });
    return artefacts(name, finalDir);
  });
}

/** Prepare several scenarios, at most `concurrency` guests at a time. */
export async function scenarios(
  names: readonly string[] = SCENARIOS,
  concurrency = Number(process.env.PPTP_LAB_CONCURRENCY ?? 2),
): Promise<Map<string, ScenarioArtefacts>> {
  const results = new Map<string, ScenarioArtefacts>();
  const queue = [...names];
  const workers = Array.from({ length: Math.max(1, concurrency) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      results.set(next, await scenario(next));
    }
  });
  await Promise.all(workers);
  return results;
}
