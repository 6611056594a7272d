/**
 * Throughput sampling of a gateway over SSH at 2 Hz, beside local sampling at 2 Hz: latency of a
 * sample (request -> reading complete) p50/p95 and the gateway's CPU per sample (sshd and all its
 * children: the session, the shell loop, cat). For contrast, a few samples taken the way not to:
 * one exec per sample. The gateway is Debian's sshd in a namespace (test/support/sshd.ts): run as root.
 *   npm run bench -- remote-sampling   (BENCH_SECONDS=30 by default)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readCounters, systemClock } from '../../electron/collectors/throughput/readCounters';
import { openRemoteRunner } from '../../electron/remote/openRemote';
import { remoteExec } from '../../electron/remote/remoteExec';
import { startSshGateway } from '../support/sshd';

const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const INTERVAL_MS = 500;
const TICKS_PER_SECOND = 100; // USER_HZ

function stat(pid: number): { ppid: number; cpu: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // utime + stime + cutime + cstime: children that already exited are billed to their parent.
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU seconds of a process and every live descendant. */
function treeCpu(root: number): number {
  const all = new Map<number, { ppid: number; cpu: number }>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) all.set(pid, s);
  }
  let total = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    total += all.get(pid)?.cpu ?? 0;
    for (const [child, s] of all) if (s.ppid === pid) todo.push(child);
  }
  return total;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const gw = await startSshGateway('pa-bench');
  try {
    const runner = await openRemoteRunner({ target: { user: 'root', host: gw.host, port: gw.port }, knownHostsFile: gw.knownHostsFile, identityFile: gw.identityFile, agentSocket: null });

    // Remote, one long-lived channel.
    const latencies: number[] = [];
    let samples = 0;
    const sampler = runner.sampler({ iface: 'ppp0', intervalMs: INTERVAL_MS, onSample: () => samples++, onLatency: (ms) => latencies.push(ms) });
    const gwBefore = treeCpu(gw.sshdPid);
    const localBefore = process.cpuUsage();
    sampler.start();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    sampler.stop();
    const localUsed = process.cpuUsage(localBefore);
    const gwCpu = treeCpu(gw.sshdPid) - gwBefore;

    // Local, the in-process reader at the same cadence.
    const localLat: number[] = [];
    const localCpuBefore = process.cpuUsage();
    const localSamples = Math.max(10, Math.round((seconds * 1000) / INTERVAL_MS / 3));
    for (let i = 0; i < localSamples; i++) {
      const t0 = performance.now();
      readCounters('lo', systemClock);
      localLat.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
    const localCpu = process.cpuUsage(localCpuBefore);

    // The way not to: a new exec per sample (a handful only).
    const execLat: number[] = [];
    const execBefore = treeCpu(gw.sshdPid);
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      await remoteExec(runner.connection, ['cat', '/proc/net/dev'], { privilege: { mode: 'none' }, timeoutS: 10, maxOutputBytes: 1 << 20 });
      execLat.push(performance.now() - t0);
    }
    const execCpu = treeCpu(gw.sshdPid) - execBefore;
    await runner.close();

    console.log(`remote sampling over SSH, ${samples} samples at ${1000 / INTERVAL_MS} Hz for ${seconds} s (one long-lived channel):`);
    console.log(`  latency p50 ${fmt(percentile(latencies, 50))}, p95 ${fmt(percentile(latencies, 95))}, max ${fmt(Math.max(...latencies))}`);
    console.log(`  gateway CPU (sshd + children) ${((gwCpu / samples) * 1000).toFixed(2)} ms per sample, ${((gwCpu / seconds) * 100).toFixed(2)} % of a core`);
    console.log(`  laptop CPU (this process, ssh2 + parsing) ${(((localUsed.user + localUsed.system) / 1e3) / samples).toFixed(2)} ms per sample`);
    console.log(`local sampling, ${localSamples} samples at ${1000 / INTERVAL_MS} Hz (procfs + sysfs in-process):`);
    console.log(`  latency p50 ${fmt(percentile(localLat, 50))}, p95 ${fmt(percentile(localLat, 95))}`);
    console.log(`  CPU ${(((localCpu.user + localCpu.system) / 1e3) / localSamples).toFixed(2)} ms per sample (includes the timer wake-ups)`);
    console.log(`for contrast, one exec per sample (8 samples): latency p50 ${fmt(percentile(execLat, 50))}, p95 ${fmt(percentile(execLat, 95))}, gateway CPU ${((execCpu / 8) * 1000).toFixed(1)} ms per sample`);
  } finally {
    gw.destroy();
  }
}

await main();
