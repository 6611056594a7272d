/**
 * CPU cost of the throughput sampler at 10 Hz, side by side with nload (the peer tool the
 * source guide names) refreshing at the same 100 ms on the same interface for the same time.
 * Prints CPU time per sample and share of one core for both, and the ratio.
 *   npm run bench -- sampler   (BENCH_SECONDS=20 by default)
 */
import { readFileSync } from 'node:fs';
import * as pty from 'node-pty';
import { ThroughputSampler } from '../../electron/collectors/throughput/sampler';

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const iface = process.env.BENCH_IFACE ?? 'lo';
const TICKS_PER_SECOND = 100; // Linux USER_HZ for /proc/<pid>/stat

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function benchSampler(): Promise<{ samples: number; cpuSeconds: number }> {
  let samples = 0;
  const sampler = new ThroughputSampler({ iface, intervalMs: 100, onSample: () => samples++ });
  const before = process.cpuUsage();
  sampler.start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  sampler.stop();
  const used = process.cpuUsage(before);
  return { samples, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function benchNload(): Promise<{ cpuSeconds: number } | null> {
  try {
    const term = pty.spawn('nload', ['-t', '100', iface], { cols: 100, rows: 30, env: { ...process.env, TERM: 'xterm' } });
    term.onData(() => {});
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpuSeconds = cpuSecondsOf(term.pid);
    term.kill();
    return { cpuSeconds };
  } catch {
    return null;
  }
}

/** The same process doing nothing but a 10 Hz timer: the floor any Node sampler pays. */
async function benchIdle(): Promise<number> {
  const before = process.cpuUsage();
  const timer = setInterval(() => {}, 100);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(timer);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

const idleCpu = await benchIdle();
// One after the other: node-pty's reading of nload's screen would otherwise be billed to us.
const ours = await benchSampler();
const nload = await benchNload();
const perSampleUs = (ours.cpuSeconds / ours.samples) * 1e6;
const ourCore = (ours.cpuSeconds / seconds) * 100;
console.log(`sampler bench: ${seconds} s at 10 Hz on ${iface}`);
const ownUs = ((ours.cpuSeconds - idleCpu) / ours.samples) * 1e6;
console.log(`  pptp-auditor sampler: ${ours.samples} samples, ${perSampleUs.toFixed(0)} µs CPU per sample, ${ourCore.toFixed(2)} % of one core (whole process)`);
console.log(`  of which the idle 10 Hz event loop: ${((idleCpu / seconds) * 100).toFixed(2)} % of one core; the sampling itself: ${ownUs.toFixed(0)} µs per sample`);
if (nload) {
  const nloadCore = (nload.cpuSeconds / seconds) * 100;
  console.log(`  nload -t 100:         ${nloadCore.toFixed(2)} % of one core`);
  console.log(`  ratio ours / nload:   ${(ourCore / Math.max(nloadCore, 0.01)).toFixed(2)} (nload CPU measured at 10 ms tick resolution)`);
} else {
  console.log('  nload not available: no peer figure (apt install nload)');
}
console.log(`  target: under 1 % of one core → ${ourCore < 1 ? 'met' : 'NOT met'}`);
