/**
 * `pptp-auditor analyze` measured end to end against the cheapest tshark run over the same
 * packets, and the wire decoder in-process against the physical-limit proxy.
 *   npm run bench -- wire-decoder
 *   npx tsx test/bench/wire-decoder.ts [--packets 1000000] [--source FILE] [--runs 5] [--no-tshark]
 *
 * The capture is built in /tmp from a REAL lab capture (default: the `fragmented` scenario,
 * where a third of the GRE datagrams arrive as two IP fragments): its data-carrying GRE
 * packets (and fragment trains) repeated with sequence numbers, IP identifications and
 * timestamps rewritten (wire-synth.ts). Printed, in one run:
 *  - end to end, process start to JSON written: `node dist/cli.cjs analyze BIG --json > file`
 *    versus `tshark -r BIG -q -z io,stat,0,COUNT(gre.sequence_number)gre.sequence_number` (the
 *    cheapest tshark run that dissects every packet down to the GRE sequence number, IP
 *    reassembly on as by default), alternating, median of --runs; wall clock and CPU time
 *    (user + system, robust when other work shares the cores), peak RSS of each; analyze of
 *    the 100 k packet capture alongside (peak RSS at 100 k vs all packets: memory flat);
 *  - start-up floor: `node -e 0` and `node dist/cli.cjs --help`;
 *  - in-process: the decoder's packets per second versus a bare pcap record walk in Node over
 *    the same file in the same 1 MiB chunks (what no decoder in Node can beat), alternating, and
 *    the heap growth for 100 k versus all packets (flat = streaming).
 * Figures only: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { WireDecoder } from '../../shared/wire/wireDecoder';
import type { WireReport } from '../../shared/wire/report';
import { synthesizeCapture } from './wire-synth';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const PACKETS = Number(arg('--packets', '1000000'));
const RUNS = Math.max(1, Number(arg('--runs', '5')));
const SOURCE = arg('--source', 'test/fixtures/lab/fragmented/capture.pcap');
const RUN_TSHARK = !process.argv.includes('--no-tshark');
const CLI = path.resolve('dist/cli.cjs');
const DIR = '/tmp/pptp-auditor-bench';
const CHUNK = 1 << 20;

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const mpps = (packets: number, seconds: number) => `${(packets / seconds / 1e6).toFixed(2)} M packets/s`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface Timed {
  wall: number;
  cpu: number;
  /** Peak resident set size, bytes. */
  rss: number;
  stdout: string;
}

/** Runs a command under GNU time: wall, user + system CPU and peak RSS of the process. */
function timed(argv: string[], stdoutFile?: string): Timed {
  const shell = stdoutFile
    ? `exec /usr/bin/time -f '%e %U %S %M' "$@" > '${stdoutFile}'`
    : `exec /usr/bin/time -f '%e %U %S %M' "$@"`;
  const r = spawnSync('bash', ['-c', shell, 'bench', ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall = 0, user = 0, sys = 0, rssKb = 0] = last.split(' ').map(Number);
  return { wall, cpu: user + sys, rss: rssKb * 1024, stdout: r.stdout };
}

function summarise(label: string, runs: Timed[]): { wall: number; cpu: number; rss: number } {
  const s = { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), rss: Math.max(...runs.map((r) => r.rss)) };
  console.log(
    `${label.padEnd(34)} wall ${s.wall.toFixed(2)} s (runs ${runs.map((r) => r.wall.toFixed(2)).join(' ')}), CPU ${s.cpu.toFixed(2)} s, peak RSS ${mb(s.rss)}`,
  );
  return s;
}

/** The decoder over the file in 1 MiB chunks; heap sampled as it goes. */
function decodeFile(file: string): { report: WireReport; seconds: number; cpu: number; heapGrowth: number } {
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let heapPeak = heap0;
  const fd = openSync(file, 'r');
  const buf = new Uint8Array(CHUNK);
  const decoder = new WireDecoder();
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let chunks = 0; ; chunks++) {
    const got = readSync(fd, buf, 0, CHUNK, null);
    if (got <= 0) break;
    decoder.push(buf.subarray(0, got));
    if ((chunks & 63) === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  const report = decoder.finish();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  closeSync(fd);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  return { report, seconds, cpu: (c.user + c.system) / 1e6, heapGrowth: heapPeak - heap0 };
}

/**
 * The floor: read the same file in the same chunks and step from record header to record
 * header (carrying a header split across chunks), touching nothing else.
 */
function walkRecords(file: string): { records: number; seconds: number; cpu: number } {
  const fd = openSync(file, 'r');
  const buf = new Uint8Array(CHUNK);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let records = 0;
  let skip = 24; // bytes to step over before the next record header (file header first)
  const carry = new Uint8Array(16);
  let carried = 0;
  for (;;) {
    const got = readSync(fd, buf, 0, CHUNK, null);
    if (got <= 0) break;
    let o = 0;
    if (skip >= got) {
      skip -= got;
      continue;
    }
    o = skip;
    skip = 0;
    if (carried > 0) {
      const need = 16 - carried;
      carry.set(buf.subarray(0, need), carried);
      const incl = carry[8]! | (carry[9]! << 8) | (carry[10]! << 16) | (carry[11]! << 24);
      records++;
      carried = 0;
      o = need + incl;
    }
    while (o + 16 <= got) {
      const incl = buf[o + 8]! | (buf[o + 9]! << 8) | (buf[o + 10]! << 16) | (buf[o + 11]! << 24);
      records++;
      o += 16 + incl;
    }
    if (o < got) {
      carried = got - o;
      carry.set(buf.subarray(o, got));
    } else skip = o - got;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  closeSync(fd);
  return { records, seconds, cpu: (c.user + c.system) / 1e6 };
}

/** tshark's io,stat COUNT from its table: the number in the first data row. */
function tsharkCount(text: string): number {
  const row = text.split('\n').find((l) => /<>/.test(l));
  const m = row ? /<>[^|]*\|\s*(\d+)/.exec(row) : null;
  return m ? Number(m[1]) : NaN;
}

function main(): void {
  if (!existsSync(SOURCE)) throw new Error(`no source capture ${SOURCE}: pass --source FILE`);
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
  mkdirSync(DIR, { recursive: true });
  const tag = path.basename(path.dirname(SOURCE)) + '-' + path.basename(SOURCE, path.extname(SOURCE));
  const small = `${DIR}/wire-100k-${tag}.pcap`;
  const big = `${DIR}/wire-${PACKETS}-${tag}.pcap`;
  synthesizeCapture(SOURCE, small, 100_000);
  synthesizeCapture(SOURCE, big, PACKETS);
  console.log(`source ${SOURCE} -> ${big}: ${PACKETS.toLocaleString('en-US')} packets, ${mb(statSync(big).size)} (page cache warm after writing)`);

  // --- end to end, alternating ---
  const jsonOut = `${DIR}/analyze-out.json`;
  const tsharkArgs = ['tshark', '-r', big, '-q', '-z', 'io,stat,0,COUNT(gre.sequence_number)gre.sequence_number'];
  const haveTshark = RUN_TSHARK && spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
  const ours: Timed[] = [];
  const oursSmall: Timed[] = [];
  const theirs: Timed[] = [];
  timed([process.execPath, CLI, 'analyze', small, '--json'], '/dev/null'); // warm the file cache for the CLI bundle
  for (let i = 0; i < RUNS; i++) {
    ours.push(timed([process.execPath, CLI, 'analyze', big, '--json'], jsonOut));
    if (haveTshark) theirs.push(timed(tsharkArgs));
    oursSmall.push(timed([process.execPath, CLI, 'analyze', small, '--json'], '/dev/null'));
  }
  const nodeFloor = Array.from({ length: 3 }, () => timed([process.execPath, '-e', '0']));
  const help = Array.from({ length: 3 }, () => timed([process.execPath, CLI, '--help'], '/dev/null'));

  console.log('\nEnd to end (process start to JSON written; median of alternating runs):');
  const o = summarise('pptp-auditor analyze --json', ours);
  const report = JSON.parse(readFileSync(jsonOut, 'utf8')) as WireReport;
  const withSeq = report.gre.calls.reduce((a, c) => a + c.withSeq, 0);
  summarise('node -e 0 (start-up floor)', nodeFloor);
  summarise('pptp-auditor --help (CLI start-up)', help);
  if (haveTshark) {
    const t = summarise('tshark -q -z io,stat COUNT(gre.seq)', theirs);
    const count = tsharkCount(theirs[0]?.stdout ?? '');
    console.log(
      `same count: tshark ${count.toLocaleString('en-US')} GRE sequence numbers, ours ${withSeq.toLocaleString('en-US')} -> ${count === withSeq ? 'yes' : 'NO'}`,
    );
    console.log(
      `RATIO analyze end to end vs tshark: ${(t.cpu / o.cpu).toFixed(1)}x CPU time (user + system of each process: the robust figure on shared cores), ${(t.wall / o.wall).toFixed(1)}x wall clock (target >= 20x)`,
    );
  }
  const s100k = summarise('pptp-auditor analyze, 100 k packets', oursSmall);
  console.log(
    `memory flat: analyze peak RSS ${mb(s100k.rss)} at 100 k packets vs ${mb(o.rss)} at ${PACKETS.toLocaleString('en-US')} (x${(o.rss / s100k.rss).toFixed(2)} for x${(PACKETS / 100_000).toFixed(0)} the packets)`,
  );
  console.log(
    `analyze: ${report.packets.toLocaleString('en-US')} packets, GRE ${report.gre.packets.toLocaleString('en-US')} (${report.gre.fromFragments.toLocaleString('en-US')} reassembled from ${report.ip.fragments.toLocaleString('en-US')} fragments, ${report.ip.fragmentsExpired} expired)`,
  );

  // --- in-process ---
  decodeFile(small); // JIT warm-up
  const smallRun = decodeFile(small);
  // Alternating, so a change in the machine's load falls on both alike.
  const dec: Array<ReturnType<typeof decodeFile>> = [];
  const walk: Array<ReturnType<typeof walkRecords>> = [];
  for (let i = 0; i < RUNS; i++) {
    dec.push(decodeFile(big));
    walk.push(walkRecords(big));
  }
  const decSec = median(dec.map((d) => d.seconds));
  const decCpu = median(dec.map((d) => d.cpu));
  const walkSec = median(walk.map((w) => w.seconds));
  const walkCpu = median(walk.map((w) => w.cpu));
  const n = dec[0]!.report.packets;
  if (walk[0]!.records !== n) console.log(`WARNING: record walk saw ${walk[0]!.records} records, decoder ${n}`);
  console.log('\nIn-process (warm, median):');
  console.log(`decoder      ${mpps(n, decSec)} wall, ${mpps(n, decCpu)} per CPU-second (target >= 5 M packets/s)`);
  console.log(`record walk  ${mpps(n, walkSec)} wall, ${mpps(n, walkCpu)} per CPU-second (the floor: reading and framing only)`);
  console.log(`decoder / walk: ${((n / decCpu / (n / walkCpu)) * 100).toFixed(0)}% of the floor (CPU)`);
  console.log(
    `heap growth: ${mb(smallRun.heapGrowth)} for 100 k packets vs ${mb(Math.max(...dec.map((d) => d.heapGrowth)))} for ${n.toLocaleString('en-US')} (flat = streaming)`,
  );
}

try {
  main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
