/**
 * Reopening a long audit (issue 14, target 4): time to the first chart data and peak memory,
 * reading the samples file whole (readBundle, as replay did) versus streaming it into columns
 * (sampleStream.ts, as replay does now).
 *   npm run bench -- replay
 *   node .tmp/bench/replay.mjs [--hours 8]
 *
 * The bundle is the real golden loopback bundle with its samples file replaced by an 8-hour
 * series built from its real samples (rates and counters kept, timestamps moved on): 28,800
 * samples at 1 s and 57,600 at 2 Hz. Each reading runs in a child process of its own, so
 * its peak RSS is its own. Figures only: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downsample } from '../../shared/analysis/downsample';
import { readBundle } from '../../electron/evidence';
import { openSavedAudit } from '../../electron/audit/savedAudits';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const HOURS = Number(arg('--hours', '8'));
const GOLDEN = path.resolve('test/fixtures/evidence/golden-lo');
const DIR = '/tmp/pptp-auditor-bench/replay';
const SAMPLES = 'samples/throughput.jsonl';

/** Child: one reading of `dir`, printing milliseconds to the chart data and peak RSS. */
function child(mode: string, dir: string): void {
  const t0 = process.hrtime.bigint();
  let points = 0;
  if (mode === 'whole') {
    // What replay did before: every sample parsed into an object, then downsampled.
    const bundle = readBundle(dir);
    const s = bundle.samples;
    const view = { length: s.length, t: (i: number) => s[i]!.t, rx: (i: number) => s[i]!.rxBps ?? NaN, tx: (i: number) => s[i]!.txBps ?? NaN };
    points = downsample(view, s[0]!.t, s.at(-1)!.t, 900).length;
  } else {
    points = openSavedAudit(dir, 'bench').throughput.length;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(JSON.stringify({ ms, points, rssKb: process.resourceUsage().maxRSS }));
}

function makeBundle(samplesPerSecond: number): string {
  const dir = path.join(DIR, `${HOURS}h-${samplesPerSecond}hz`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(GOLDEN, dir, { recursive: true });
  const real = readFileSync(path.join(GOLDEN, SAMPLES), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const moving = real.filter((s) => s.gap === false);
  const count = HOURS * 3600 * samplesPerSecond;
  const step = 1000 / samplesPerSecond;
  const t0 = real[0]!.t as number;
  const lines: string[] = [JSON.stringify(real[0])];
  for (let i = 1; i < count; i++) lines.push(JSON.stringify({ ...moving[i % moving.length], t: t0 + i * step, intervalMs: step }));
  writeFileSync(path.join(dir, SAMPLES), `${lines.join('\n')}\n`);
  return dir;
}

function main(): void {
  const self = fileURLToPath(import.meta.url);
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!);
  mkdirSync(DIR, { recursive: true });
  console.log(`Replay of a ${HOURS}-hour audit: time to first chart data (900 points) and peak RSS of the process, median of 5`);
  for (const hz of [1, 2]) {
    const dir = makeBundle(hz);
    const size = statSync(path.join(dir, SAMPLES)).size;
    console.log(`  ${(HOURS * 3600 * hz).toLocaleString('en-US')} samples (${hz} Hz), ${(size / 1048576).toFixed(1)} MB of samples:`);
    for (const mode of ['whole', 'streamed']) {
      const runs = Array.from({ length: 5 }, () => {
        const r = spawnSync(process.execPath, ['--expose-gc', self, '--child', mode, dir], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(r.stderr);
        return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; points: number; rssKb: number };
      });
      const ms = runs.map((r) => r.ms).sort((a, b) => a - b)[2]!;
      const rss = Math.max(...runs.map((r) => r.rssKb));
      const label = mode === 'whole' ? 'read whole (readBundle, before)' : 'streamed into columns (now)';
      console.log(`    ${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms   peak RSS ${(rss / 1024).toFixed(0)} MB   ${runs[0]!.points} points`);
    }
  }
}

main();
