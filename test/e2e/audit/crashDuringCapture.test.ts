import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot, linkPair, Netns } from '../../lab/host/netns';
import { CLI } from '../support/serve';
import { WireDecoder } from '../../../shared/wire/wireDecoder';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * kill -9 of a headless audit in the middle of its capture: everything gathered more than a
 * second before the kill is on disk, the crashed bundle is recovered, verifies, and prints.
 */
describe.skipIf(!isRoot())('kill -9 during a capture', () => {
  let local: Netns;
  let remote: Netns;
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'pa-crash-')), 'audit');
  let killedAt = 0;

  beforeAll(async () => {
    local = Netns.create('pa-crash-l');
    remote = Netns.create('pa-crash-r');
    linkPair(local, remote);
    const audit = spawn('ip', ['netns', 'exec', local.name, process.execPath, CLI, 'audit', '--iface', 'ppp0', '--carrier', 'ppp0',
      '--remote', '10.77.0.2', '--site', 'Crash test', '--out', dir, '--duration', '60', '--ping-count', '200', '--no-pdf'], { stdio: 'ignore' });
    // PPTP-looking traffic for the capture: TCP SYNs to port 1723 of the peer (answered by RSTs).
    const syns = local.spawn(['bash', '-c', 'for i in $(seq 1 300); do (exec 3<>/dev/tcp/10.77.0.2/1723) 2>/dev/null; sleep 0.1; done'], { stdio: 'ignore' });
    const capturesDir = path.join(dir, 'captures');
    const deadline = Date.now() + 30_000;
    const pcapSize = () => (existsSync(capturesDir) ? readdirSync(capturesDir).reduce((n, f) => n + statSync(path.join(capturesDir, f)).size, 0) : 0);
    while (pcapSize() < 4000 && Date.now() < deadline) await sleep(200);
    await sleep(2000);
    // The audit's own node process (ip netns exec execs it, so it is the spawned pid).
    killedAt = Date.now();
    process.kill(audit.pid!, 'SIGKILL');
    await sleep(300);
    syns.kill('SIGKILL');
  }, 60_000);

  afterAll(() => {
    local?.destroy(); // also ends the tcpdump the dead audit left behind
    remote?.destroy();
  });

  it('lost nothing gathered before the last second: samples and packets are on disk', () => {
    const lines = readFileSync(path.join(dir, 'samples/throughput.jsonl'), 'utf8').split('\n').filter(Boolean);
    const samples = lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as { t: number }];
      } catch {
        return []; // a torn last line, if the kill cut one
      }
    });
    expect(samples.length).toBeGreaterThan(3);
    expect(samples.at(-1)!.t).toBeGreaterThanOrEqual(killedAt - 1000);

    const pcap = readdirSync(path.join(dir, 'captures')).find((f) => f.endsWith('.pcap'))!;
    const decoder = new WireDecoder();
    decoder.push(readFileSync(path.join(dir, 'captures', pcap)));
    const report = decoder.finish();
    expect(report.pptp.tcp.segmentsTo1723).toBeGreaterThan(10);
    expect(report.capture.lastTime! * 1000).toBeGreaterThanOrEqual(killedAt - 1000);
  });

  it('recovers the bundle, which then verifies and prints', () => {
    const recover = spawnSync(process.execPath, [CLI, 'recover', dir, '--json'], { encoding: 'utf8' });
    expect(recover.status, recover.stderr).toBe(0);
    const report = JSON.parse(recover.stdout) as { sinceManifest: unknown[] };
    expect(Array.isArray(report.sinceManifest)).toBe(true);
    const verify = spawnSync(process.execPath, [CLI, 'verify', dir], { encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    const pdf = `${dir}.pdf`;
    const print = spawnSync(process.execPath, [CLI, 'report', dir, '--out', pdf], { encoding: 'utf8', timeout: 90_000 });
    expect(print.status, print.stderr).toBe(0);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('Crash test');
  }, 120_000);
});
