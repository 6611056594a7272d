import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThroughputSample } from '../../../shared/model/throughput';
import { isRoot } from '../../lab/host/netns';
import { startSshGateway, type SshGateway } from '../../support/sshd';

const CLI = path.join(new URL('../../..', import.meta.url).pathname, 'dist/cli.cjs');

/** watch --target: the connection is killed mid-watch (sshd's session processes): a marked gap, then a resumed series. */
describe.skipIf(!isRoot())('pptp-auditor watch --target, connection killed mid-watch', () => {
  let gw: SshGateway;
  const samples: ThroughputSample[] = [];
  let stderr = '';
  let status: number | null = null;

  beforeAll(async () => {
    gw = await startSshGateway('pa-rw');
    const child = spawn(process.execPath, [CLI, 'watch', '--target', `ssh://root@${gw.host}`, '--identity', gw.identityFile, '--known-hosts', gw.knownHostsFile, '--iface', 'ppp0', '--interval', '0.2', '--duration', '30', '--json']);
    let buffer = '';
    let killed = false;
    let afterKill = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          samples.push(JSON.parse(line) as ThroughputSample);
          // Events, not time: kill after 5 samples, stop once 5 samples came after the gap.
          if (!killed && samples.length === 5) {
            killed = true;
            gw.killConnections();
          }
          if (samples.some((s) => s.gapReason === 'connection-lost') && ++afterKill >= 6) child.kill('SIGINT');
        }
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => {
        status = code;
        resolve();
      });
    });
  }, 90_000);

  afterAll(() => gw?.destroy());

  it('says the connection was lost, marks the gap, and resumes with rates that never span it', () => {
    expect(status, stderr).toBe(0);
    expect(stderr).toMatch(/lost: /);
    const gapAt = samples.findIndex((s) => s.gapReason === 'connection-lost');
    expect(gapAt).toBeGreaterThanOrEqual(5);
    const gap = samples[gapAt]!;
    expect(gap.gap).toBe(true);
    expect(gap.rxBps).toBeNull();
    expect(gap.intervalMs).toBeNull();
    // Before: a running series; after: a new one with rates again.
    expect(samples.slice(1, 5).every((s) => !s.gap && s.rxBps !== null)).toBe(true);
    const after = samples.slice(gapAt + 1);
    expect(after.length).toBeGreaterThanOrEqual(5);
    expect(after.every((s) => !s.gap && s.rxBps !== null && s.ifindex === gap.ifindex)).toBe(true);
  });
});
