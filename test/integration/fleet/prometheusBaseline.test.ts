import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot, linkPair, Netns, shape } from '../../lab/host/netns';
import { promApi, PROMETHEUS, EXPORTER, startPromStack, type PromStack } from './prometheusLab';
import type { LongTermBaseline } from '../../../shared/baseline/longTermSchema';

/**
 * Why `baseline` imports raw counters instead of asking Prometheus for rate(): a tunnel
 * interface re-created under the same name with counters above the old one's last value is
 * not a counter reset to Prometheus, so rate() invents traffic. Here, in namespaces, through
 * Debian's node_exporter and Prometheus (1 s scrape): steady shaped iperf3 through ppp0, then
 * ppp0 is deleted and another, busier link is renamed ppp0 (what a quick redial of a busier
 * tunnel looks like to the exporter), then steady traffic again.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const SHAPED_KBIT = 20_000;
const SHAPED_BPS = SHAPED_KBIT * 1000;
/** Long enough for a steady window of several scrapes inside each iperf3 run. */
const STEADY_SECONDS = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stretch of steady traffic (wall-clock seconds), well inside an iperf3 run. */
interface SteadyWindow {
  from: number;
  to: number;
}

/** A bounded iperf3 run (server and client in the given namespaces); resolves when the client ends. */
async function iperfRun(server: Netns, client: Netns, address: string, seconds: number, extra: string[] = []): Promise<void> {
  const srv = server.spawn(['iperf3', '-s', '-1', '-B', address], { stdio: 'ignore' });
  await sleep(400);
  const cli = client.spawn(['iperf3', '-c', address, '-t', String(seconds), '-i', '0', ...extra], { stdio: 'ignore' });
  await new Promise<void>((resolve) => cli.on('exit', () => resolve()));
  srv.kill('SIGKILL');
}

async function steadyTraffic(gw: Netns, peer: Netns, address: string, seconds: number): Promise<SteadyWindow> {
  const started = Date.now() / 1000 + 0.4;
  await iperfRun(peer, gw, address, seconds);
  return { from: started + 2, to: started + seconds - 1 };
}

/**
 * The kernel's own tx counter of ppp0, read inside the namespace every 100 ms with the time of
 * each read, so the reference is taken over exactly the scrape times baseline reports (a
 * process spawned per read would be late by whatever a busy machine makes it).
 */
class KernelCounterLog {
  private readonly reads: Array<{ at: number; bytes: number }> = [];
  private readonly child: ChildProcess;

  constructor(ns: Netns) {
    this.child = ns.spawn(['sh', '-c', 'while :; do echo "$(date +%s.%N) $(cat /sys/class/net/ppp0/statistics/tx_bytes 2>/dev/null)"; sleep 0.1; done']);
    let rest = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const [at, bytes] = line.split(' ').map(Number);
        if (Number.isFinite(at) && Number.isFinite(bytes) && line.split(' ')[1] !== '') this.reads.push({ at: at!, bytes: bytes! });
      }
    });
  }

  /** The counter at `t`, interpolated between the two reads around it. */
  at(t: number): number {
    const after = this.reads.findIndex((r) => r.at >= t);
    if (after <= 0) throw new Error(`no kernel read around ${t}`);
    const a = this.reads[after - 1]!;
    const b = this.reads[after]!;
    return a.bytes + ((b.bytes - a.bytes) * (t - a.at)) / (b.at - a.at);
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

function baselineCli(gw: Netns, args: string[]): LongTermBaseline {
  const r = spawnSync(
    'ip',
    ['netns', 'exec', gw.name, process.execPath, `${root}dist/cli.cjs`, 'baseline', '--prometheus', PROMETHEUS, '--instance', EXPORTER, '--device', 'ppp0', '--step', '1s', '--json', ...args],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`baseline failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as LongTermBaseline;
}

describe.skipIf(!isRoot())('baseline from a real Prometheus across a re-created ppp0', () => {
  let gw: Netns;
  let peer: Netns;
  let stack: PromStack | null = null;
  const timeline = { start: 0, recreated: 0, secondTraffic: 0, end: 0 };
  const steady: SteadyWindow[] = [];
  let kernel: KernelCounterLog | null = null;

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build:node'], { cwd: root, stdio: 'pipe' });
    gw = Netns.create('pa-prom-gw');
    peer = Netns.create('pa-prom-peer');
    linkPair(gw, peer);
    shape(gw, 'ppp0', SHAPED_KBIT);
    // The busier link that will take the name ppp0.
    gw.ip('link', 'add', 'ppp1', 'type', 'veth', 'peer', 'name', 'carrier1', 'netns', peer.name);
    gw.ip('addr', 'add', '10.78.0.1', 'peer', '10.78.0.2/32', 'dev', 'ppp1');
    peer.ip('addr', 'add', '10.78.0.2', 'peer', '10.78.0.1/32', 'dev', 'carrier1');
    gw.ip('link', 'set', 'ppp1', 'up');
    peer.ip('link', 'set', 'carrier1', 'up');
    stack = await startPromStack(gw);
    kernel = new KernelCounterLog(gw);
    timeline.start = Date.now() / 1000;

    // Steady traffic through ppp0 while ppp1 carries more bytes (paced, bounded) than ppp0 will have.
    const busier = iperfRun(peer, gw, '10.78.0.2', 3, ['-b', '400M']);
    steady.push(await steadyTraffic(gw, peer, '10.77.0.2', STEADY_SECONDS));
    await busier;
    expect(gw.readCounter('ppp1', 'tx_bytes')).toBeGreaterThan(gw.readCounter('ppp0', 'tx_bytes') * 2);
    await sleep(2000); // Prometheus scrapes ppp0's last value

    gw.ip('link', 'del', 'ppp0');
    gw.ip('link', 'set', 'ppp1', 'down');
    gw.ip('link', 'set', 'ppp1', 'name', 'ppp0');
    gw.ip('link', 'set', 'ppp0', 'up');
    shape(gw, 'ppp0', SHAPED_KBIT);
    timeline.recreated = Date.now() / 1000;
    await sleep(6000); // no traffic at all: whatever rate() shows here is invented

    timeline.secondTraffic = Date.now() / 1000;
    steady.push(await steadyTraffic(gw, peer, '10.78.0.2', STEADY_SECONDS));
    await sleep(2000);
    timeline.end = Date.now() / 1000;
  });

  afterAll(() => {
    kernel?.stop();
    stack?.stop();
    gw?.destroy();
    peer?.destroy();
  });

  it("Prometheus' own rate() shows a phantom after the re-creation, with no traffic", () => {
    const answer = promApi(gw, 'api/v1/query_range', {
      query: 'rate(node_network_transmit_bytes_total{device="ppp0"}[5s])',
      start: String(Math.floor(timeline.start)),
      end: String(Math.ceil(timeline.end)),
      step: '1',
    }) as { data: { result: Array<{ values: Array<[number, string]> }> } };
    const values = answer.data.result.flatMap((s) => s.values.map(([t, v]) => ({ t, bps: Number(v) * 8 })));
    const phantom = values.filter((p) => p.t > timeline.recreated && p.t < timeline.secondTraffic);
    const worst = Math.max(...phantom.map((p) => p.bps));
    expect(worst).toBeGreaterThan(2 * SHAPED_BPS);
    // …and Prometheus itself saw the ifindex change: the only sign of it.
    const changes = promApi(gw, 'api/v1/query', {
      query: `changes(node_network_iface_id{device="ppp0"}[${Math.ceil(timeline.end - timeline.start) + 5}s])`,
      time: String(timeline.end),
    }) as { data: { result: Array<{ value: [number, string] }> } };
    expect(changes.data.result[0]?.value[1]).toBe('1');
  });

  it('baseline finds the re-creation and reports no phantom: its peak is the shaped rate', () => {
    const range = `${Math.ceil(timeline.end - timeline.start) + 4}s`;
    const b = baselineCli(gw, ['--range', range, '--end', String(timeline.end)]);
    expect(b.recreations).toHaveLength(1);
    expect(b.recreations[0]!.at).toBeGreaterThan(timeline.recreated - 1);
    expect(b.counterResets).toBe(0);
    expect(b.segments.map((s) => s.endedBy)).toEqual(['ifindex-change', 'end']);
    expect(b.overall.tx!.peak).toBeGreaterThan(0.95 * SHAPED_BPS);
    expect(b.overall.tx!.peak).toBeLessThan(1.1 * SHAPED_BPS);
    for (const hour of b.hourly) expect(hour.tx.peak).toBeLessThan(1.1 * SHAPED_BPS);
  });

  it('on each steady segment, baseline agrees with the kernel counters within 1 %', () => {
    for (const window of steady) {
      const b = baselineCli(gw, ['--range', `${Math.floor(window.to - window.from)}s`, '--end', String(window.to)]);
      expect(b.segments).toHaveLength(1);
      const segment = b.segments[0]!;
      const kernelBps = ((kernel!.at(segment.to) - kernel!.at(segment.from)) * 8) / (segment.to - segment.from);
      const error = Math.abs(segment.meanTxBps - kernelBps) / kernelBps;
      expect(error, `baseline ${JSON.stringify(segment)}, kernel ${kernelBps} bit/s`).toBeLessThan(0.01);
      expect(segment.meanTxBps).toBeGreaterThan(0.5 * SHAPED_BPS); // it is the steady traffic that was compared
    }
  });
});
