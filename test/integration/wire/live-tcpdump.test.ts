import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WireLiveSnapshot } from '../../../shared/ipc/channels/wire';
import { LiveWireAnalysis } from '../../../shared/wire/liveAnalysis';
import { tsharkCounts } from './tsharkReference';

// Follows a pcap while tcpdump is still writing it, as the app does during a capture. Needs
// root (network namespaces); traffic only crosses a veth pair between two namespaces of ours.
const isRoot = process.getuid?.() === 0;
const NS_C = 'pa-wire-live-c';
const NS_S = 'pa-wire-live-s';
/** GRE packets of the healthy lab capture, re-sent 20 ms apart (about two seconds of capture). */
const REPLAYED = 107;

function sh(...argv: string[]): void {
  execFileSync(argv[0] as string, argv.slice(1), { stdio: 'ignore' });
}

function cleanup(): void {
  for (const ns of [NS_C, NS_S]) {
    try {
      sh('ip', 'netns', 'del', ns);
    } catch {
      // not there
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!isRoot)('live analysis of a capture tcpdump is writing', () => {
  afterAll(cleanup);

  it('snapshots follow the growing file; the last one matches tshark on the finished file', async () => {
    cleanup();
    sh('ip', 'netns', 'add', NS_C);
    sh('ip', 'netns', 'add', NS_S);
    sh('ip', 'link', 'add', 'pa-wlive-c', 'type', 'veth', 'peer', 'name', 'pa-wlive-s');
    sh('ip', 'link', 'set', 'pa-wlive-c', 'netns', NS_C);
    sh('ip', 'link', 'set', 'pa-wlive-s', 'netns', NS_S);
    sh('ip', '-n', NS_C, 'addr', 'add', '10.95.0.2/24', 'dev', 'pa-wlive-c');
    sh('ip', '-n', NS_S, 'addr', 'add', '10.95.0.1/24', 'dev', 'pa-wlive-s');
    sh('ip', '-n', NS_C, 'link', 'set', 'pa-wlive-c', 'up');
    sh('ip', '-n', NS_S, 'link', 'set', 'pa-wlive-s', 'up');
    const file = join(mkdtempSync(join(tmpdir(), 'pa-wire-live-')), 'live.pcap');
    const tcpdump = spawn(
      'ip',
      [
        'netns',
        'exec',
        NS_S,
        'tcpdump',
        '-U',
        '-i',
        'pa-wlive-s',
        '-w',
        file,
        'ip proto 47 or tcp port 1723',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50 && !existsSync(file); i++) await sleep(100);
    await sleep(500);
    const replay = spawn(
      'ip',
      [
        'netns',
        'exec',
        NS_C,
        'python3',
        'test/fixtures/wire/producer/replay.py',
        'test/fixtures/lab/healthy/capture.pcap',
        '10.95.0.1',
        String(REPLAYED),
        '20',
      ],
      { stdio: 'ignore' },
    );
    const replayDone = new Promise<void>((resolve) => replay.on('close', () => resolve()));

    const live = new LiveWireAnalysis('live-1', file, 50);
    const snapshots: WireLiveSnapshot[] = [];
    const fd = openSync(file, 'r');
    const buf = new Uint8Array(64 * 1024);
    const drain = () => {
      for (;;) {
        const got = readSync(fd, buf, 0, buf.length, null);
        if (got <= 0) return;
        const snap = live.push(buf.subarray(0, got), performance.now());
        if (snap) snapshots.push(snap);
      }
    };
    let finished = false;
    void replayDone.then(() => (finished = true));
    for (let i = 0; i < 200 && !finished; i++) {
      drain();
      await sleep(40);
    }
    await sleep(300);
    tcpdump.kill('SIGINT');
    await new Promise<void>((resolve) => tcpdump.on('close', () => resolve()));
    drain();
    const last = live.finish();
    closeSync(fd);

    const during = snapshots.filter(
      (s) => s.report.gre.packets > 0 && s.report.gre.packets < REPLAYED,
    );
    expect(during.length).toBeGreaterThan(1); // we saw the capture grow, not just its end
    expect(last.final).toBe(true);
    expect(last.report.status.damage).toBeNull();
    expect(last.report.gre.packets).toBeGreaterThan(REPLAYED / 2); // replay skips the source's fragments
    const theirs = tsharkCounts(file);
    expect(last.report.packets).toBe(theirs.packets);
    expect(last.report.gre.packets).toBe(theirs.grePackets);
    expect(last.report.ppp.protocols).toEqual(theirs.pppProtocols);
  });
});
