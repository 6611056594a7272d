/**
 * Benchmark of the wire decoder against tshark on the same large capture.
 *   npx tsx test/bench/wire-decoder.ts [--packets 1000000] [--source FILE] [--no-tshark]
 * The capture is built in /tmp by repeating the data-carrying GRE packets of a real lab
 * capture (sequence numbers rewritten, timestamps moved on). Prints packets per second of our
 * streaming decoder and of `tshark -r` computing the same counts, their ratio, and memory
 * (RSS / heap at start, peak and end) for a small and the large capture: flat means streaming.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { WireDecoder } from '../../shared/wire/wireDecoder';
import type { WireReport } from '../../shared/wire/report';
import { synthesizeCapture } from './wire-synth';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const PACKETS = Number(arg('--packets', '1000000'));
const SOURCE = arg(
  '--source',
  ['test/fixtures/lab/healthy/capture.pcap', 'test/fixtures/wire/oneway-encrypted.pcap'].find((f) =>
    existsSync(f),
  ) ?? '',
);
const RUN_TSHARK = !process.argv.includes('--no-tshark');
const DIR = '/tmp/pptp-auditor-bench';
const CHUNK = 1 << 20;

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

interface Run {
  report: WireReport;
  seconds: number;
  /** CPU seconds (user + system) of this process during the run: robust on a busy machine. */
  cpuSeconds: number;
  rssStart: number;
  rssPeak: number;
  rssEnd: number;
  heapStart: number;
  heapPeak: number;
  heapEnd: number;
}

/** Streams the file through the decoder in 1 MiB chunks, sampling memory as it goes. */
function runOurs(file: string): Run {
  globalThis.gc?.();
  const m0 = process.memoryUsage();
  let rssPeak = m0.rss;
  let heapPeak = m0.heapUsed;
  const fd = openSync(file, 'r');
  const buf = new Uint8Array(CHUNK);
  const decoder = new WireDecoder();
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let chunks = 0; ; chunks++) {
    const got = readSync(fd, buf, 0, CHUNK, null);
    if (got <= 0) break;
    decoder.push(buf.subarray(0, got));
    if ((chunks & 63) === 0) {
      const m = process.memoryUsage();
      if (m.rss > rssPeak) rssPeak = m.rss;
      if (m.heapUsed > heapPeak) heapPeak = m.heapUsed;
    }
  }
  const report = decoder.finish();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c1 = process.cpuUsage(c0);
  const cpuSeconds = (c1.user + c1.system) / 1e6;
  closeSync(fd);
  const m1 = process.memoryUsage();
  return {
    report,
    seconds,
    cpuSeconds,
    rssStart: m0.rss,
    rssPeak: Math.max(rssPeak, m1.rss),
    rssEnd: m1.rss,
    heapStart: m0.heapUsed,
    heapPeak: Math.max(heapPeak, m1.heapUsed),
    heapEnd: m1.heapUsed,
  };
}

/** tshark computing the same counts: frames, PPTP messages, GRE packets per call, PPP protocols. */
function runTshark(
  file: string,
): Promise<{
  seconds: number;
  cpuSeconds: number;
  packets: number;
  gre: number;
  ppp: Record<string, number>;
  pptp: number;
}> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const fields = [
      'frame.number',
      'pptp.control_message_type',
      'gre.proto',
      'gre.key.call_id',
      'gre.sequence_number',
      'ppp.protocol',
      'ip.src',
    ];
    const args = ['-n', '-r', file, '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f'];
    for (const f of fields) args.push('-e', f);
    // Under bash so `times` can report the CPU time tshark used (user + system).
    const child = spawn(
      'bash',
      ['-c', 'tshark "$@" 2>/dev/null; status=$?; times >&2; exit $status', 'tshark', ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let timesText = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (t: string) => (timesText += t));
    let packets = 0;
    let gre = 0;
    let pptp = 0;
    const ppp: Record<string, number> = {};
    const perCall = new Map<string, number>();
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        packets++;
        const [, msg = '', proto = '', call = '', , pp = '', src = ''] = line.split('|');
        if (msg !== '') pptp++;
        if (proto === '0x880b') {
          gre++;
          const key = `${src}|${call}`;
          perCall.set(key, (perCall.get(key) ?? 0) + 1);
        }
        if (pp !== '') ppp[pp] = (ppp[pp] ?? 0) + 1;
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`tshark exited with ${code}`));
      // `times` prints the shell's, then its children's user and system time: "0m1.5s 0m0.2s".
      const childLine = timesText.trim().split('\n')[1] ?? '';
      const cpuSeconds = [...childLine.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
        (a, m) => a + Number(m[1]) * 60 + Number(m[2]),
        0,
      );
      resolve({
        seconds: Number(process.hrtime.bigint() - t0) / 1e9,
        cpuSeconds,
        packets,
        gre,
        ppp,
        pptp,
      });
    });
  });
}

function describe(label: string, r: Run): void {
  const pps = r.report.packets / r.seconds;
  console.log(
    `${label}: ${r.report.packets.toLocaleString('en-US')} packets in ${r.seconds.toFixed(3)} s = ${(pps / 1e6).toFixed(2)} M packets/s ` +
      `(CPU ${r.cpuSeconds.toFixed(3)} s = ${(r.report.packets / r.cpuSeconds / 1e6).toFixed(2)} M packets per CPU-second) ` +
      `(${mb(r.report.capture.bytesRead / r.seconds)}/s); RSS start ${mb(r.rssStart)} peak ${mb(r.rssPeak)} end ${mb(r.rssEnd)}; ` +
      `heap start ${mb(r.heapStart)} peak ${mb(r.heapPeak)} end ${mb(r.heapEnd)}`,
  );
}

async function main(): Promise<void> {
  if (!SOURCE) throw new Error('no source capture: pass --source FILE');
  mkdirSync(DIR, { recursive: true });
  const small = `${DIR}/wire-100k.pcap`;
  const large = `${DIR}/wire-${PACKETS}.pcap`;
  console.log(`source ${SOURCE}; building ${small} and ${large} ...`);
  synthesizeCapture(SOURCE, small, 100_000);
  const built = synthesizeCapture(SOURCE, large, PACKETS);
  console.log(
    `large capture: ${built.written.toLocaleString('en-US')} packets, ${mb(statSync(large).size)}`,
  );

  // Warm-up (JIT) on the small file, then the measured runs.
  runOurs(small);
  const smallRun = runOurs(small);
  describe('ours, 100k packets', smallRun);
  const runs = [runOurs(large), runOurs(large), runOurs(large)];
  const best = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  runs.forEach((r, i) => describe(`ours, run ${i + 1}`, r));
  const ours = best.report;
  const oursPps = ours.packets / best.seconds;
  console.log(
    `counts (ours): packets ${ours.packets}, GRE ${ours.gre.packets}, PPTP messages ${ours.pptp.total}, ` +
      `PPP ${JSON.stringify(ours.ppp.protocols)}, calls ${ours.gre.calls.map((c) => `${c.callId}:${c.packets}/lost ${c.lost}`).join(' ')}`,
  );
  console.log(
    `memory independent of length: peak heap growth ${mb(smallRun.heapPeak - smallRun.heapStart)} for 100k packets vs ${mb(best.heapPeak - best.heapStart)} for ${PACKETS.toLocaleString('en-US')}`,
  );
  if (!RUN_TSHARK) return;
  const t = await runTshark(large);
  const tPps = t.packets / t.seconds;
  console.log(
    `tshark: ${t.packets.toLocaleString('en-US')} packets in ${t.seconds.toFixed(2)} s = ${(tPps / 1e6).toFixed(3)} M packets/s ` +
      `(CPU ${t.cpuSeconds.toFixed(2)} s = ${(t.packets / t.cpuSeconds / 1e6).toFixed(3)} M packets per CPU-second); ` +
      `GRE ${t.gre}, PPTP messages ${t.pptp}, PPP ${JSON.stringify(t.ppp)}`,
  );
  const sorted = (o: Record<string, number>) =>
    JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  const same =
    t.packets === ours.packets &&
    t.gre === ours.gre.packets &&
    t.pptp === ours.pptp.total &&
    sorted(t.ppp) === sorted(ours.ppp.protocols);
  console.log(`same counts as tshark: ${same ? 'yes' : 'NO'}`);
  console.log(
    `RATIO ours/tshark (wall clock): ${(oursPps / tPps).toFixed(1)}x (ours ${(oursPps / 1e6).toFixed(2)} Mpps, tshark ${(tPps / 1e6).toFixed(3)} Mpps)`,
  );
  const oursCpuPps = ours.packets / best.cpuSeconds;
  const tCpuPps = t.packets / t.cpuSeconds;
  if (t.cpuSeconds > 0)
    console.log(`RATIO ours/tshark (CPU time): ${(oursCpuPps / tCpuPps).toFixed(1)}x`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
