/**
 * `pptp-auditor baseline` importing 30 days at 60 s steps from a real Prometheus, against the
 * cheapest peer: curl fetching the same range queries (no parsing, no computation).
 *   npm run bench -- prometheus-import
 *   npx tsx test/bench/prometheus-import.ts [--days 30] [--scrape 15] [--runs 3]
 *
 * The TSDB holds synthetic-but-real data: an OpenMetrics file of node_exporter's three series
 * for one ppp0 (a 15 s scrape, busy days and quiet nights, a re-creation with higher counters
 * every 5 days, a 2 h outage), turned into blocks by Debian's `promtool tsdb
 * create-blocks-from openmetrics`, served by Debian's `prometheus` on 127.0.0.1 (a random
 * port, loopback only). Printed: wall time, CPU time and peak RSS of each, median of --runs.
 * Figures only: nothing here asserts a time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chunkRanges } from '../../shared/baseline/longTermSeries';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const DAYS = Number(arg('--days', '30'));
const SCRAPE = Number(arg('--scrape', '15'));
const RUNS = Number(arg('--runs', '3'));
const STEP = 60;
const INSTANCE = 'bench-gw:9100';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const CLI = path.join(ROOT, 'dist/cli.cjs');

/** node_exporter's three series over DAYS, written as OpenMetrics for promtool's backfill. */
async function writeOpenMetrics(file: string, end: number): Promise<void> {
  const start = end - DAYS * 86_400;
  const out = createWriteStream(file);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const labels = `device="ppp0",instance="${INSTANCE}",job="node"`;
  const outage = (t: number) => t > start + 86_400 * 3 && t < start + 86_400 * 3 + 7200;
  const ifindexAt = (t: number) => 10 + Math.floor((t - start) / (5 * 86_400));
  for (const [name, type, value] of [
    ['node_network_receive_bytes', 'counter', (t: number, c: { rx: number; tx: number }) => c.rx],
    ['node_network_transmit_bytes', 'counter', (t: number, c: { rx: number; tx: number }) => c.tx],
    ['node_network_iface_id', 'gauge', (t: number) => ifindexAt(t)],
  ] as const) {
    await write(`# TYPE ${name} ${type}\n`);
    const c = { rx: 0, tx: 0 };
    let ifindex = ifindexAt(start);
    const series = type === 'counter' ? `${name}_total` : name;
    for (let t = start; t <= end; t += SCRAPE) {
      const hour = (t / 3600) % 24;
      const busy = hour > 7 && hour < 19 ? 1 : 0.1;
      const wobble = 1 + 0.3 * Math.sin(t / 977);
      c.rx += 250_000 * busy * wobble * SCRAPE;
      c.tx += 60_000 * busy * wobble * SCRAPE;
      if (ifindexAt(t) !== ifindex) {
        // Re-created with counters ABOVE the old ones: what rate() takes for traffic.
        ifindex = ifindexAt(t);
        c.rx += 5e9;
        c.tx += 5e9;
      }
      if (outage(t)) continue;
      await write(`${series}{${labels}} ${value(t, c)} ${t}\n`);
    }
  }
  await write('# EOF\n');
  await new Promise<void>((r) => out.end(() => r()));
}

interface Measure {
  wallS: number;
  cpuS: number;
  maxRssMb: number;
}

/** Runs argv under /usr/bin/time: wall, user+system CPU, peak RSS. */
function timed(argv: string[], stdout = '/dev/null'): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'sh', '-c', `"$@" > ${stdout}`, 'sh', ...argv], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  const [wall, user, sys, rss] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wallS: wall!, cpuS: user! + sys!, maxRssMb: rss! / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'pa-bench-prom-'));
  let prometheus: ChildProcess | null = null;
  try {
    const end = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3600;
    const om = path.join(work, 'backfill.om');
    let t0 = performance.now();
    await writeOpenMetrics(om, end);
    console.log(`generated ${DAYS} days of 3 series at ${SCRAPE} s in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    const blocks = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, path.join(work, 'data')], { encoding: 'utf8' });
    if (blocks.status !== 0) throw new Error(`promtool backfill failed: ${blocks.stderr}`);
    console.log(`promtool create-blocks-from openmetrics: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    rmSync(om);

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    writeFileSync(path.join(work, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\n');
    prometheus = spawn('prometheus', [`--config.file=${path.join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=400d', '--log.level=warn'], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}/`;
    for (let i = 0; ; i++) {
      if (spawnSync('curl', ['-sf', `${url}-/ready`]).status === 0) break;
      if (i > 150) throw new Error('prometheus did not become ready');
      await new Promise((r) => setTimeout(r, 200));
    }

    // The peer: the very queries baseline sends (same chunks), fetched by curl, nothing computed.
    const start = end - DAYS * 86_400;
    const sel = `instance="${INSTANCE}",device="ppp0"`;
    const queries = chunkRanges(start, end, STEP, 11_000).flatMap((c) => [
      [`{__name__=~"node_network_receive_bytes_total|node_network_transmit_bytes_total|node_network_iface_id",${sel}}`, c],
      [`timestamp(node_network_receive_bytes_total{${sel}})`, c],
    ] as const);
    const curlScript = path.join(work, 'curl.sh');
    writeFileSync(
      curlScript,
      queries
        .map(([q, c]) => `curl -sS --fail ${url}api/v1/query_range --data-urlencode 'query=${q}' -d start=${c.start} -d end=${c.end} -d step=${STEP}`)
        .join('\n'),
    );
    const ours: Measure[] = [];
    const peer: Measure[] = [];
    const out = path.join(work, 'baseline.json');
    for (let i = 0; i < RUNS; i++) {
      ours.push(timed([process.execPath, CLI, 'baseline', '--prometheus', url, '--instance', INSTANCE, '--device', 'ppp0', '--range', `${DAYS}d`, '--step', `${STEP}s`, '--end', String(end), '--json'], out));
      peer.push(timed(['sh', curlScript]));
    }
    const b = JSON.parse(spawnSync('cat', [out], { encoding: 'utf8' }).stdout) as { overall: { intervals: number }; recreations: unknown[]; gaps: unknown[]; source: { queries: number } };
    const row = (name: string, ms: Measure[]) =>
      console.log(`${name.padEnd(44)} wall ${median(ms.map((m) => m.wallS)).toFixed(2).padStart(6)} s   cpu ${median(ms.map((m) => m.cpuS)).toFixed(2).padStart(6)} s   peak RSS ${median(ms.map((m) => m.maxRssMb)).toFixed(0).padStart(5)} MB`);
    console.log(`\n${DAYS} days at ${STEP} s steps: ${b.source.queries} range queries, ${b.overall.intervals} intervals, ${b.recreations.length} re-creations, ${b.gaps.length} gaps (median of ${RUNS})`);
    row('pptp-auditor baseline --json (end to end)', ours);
    row(`curl, the same ${queries.length} queries (no parsing)`, peer);
  } finally {
    prometheus?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
