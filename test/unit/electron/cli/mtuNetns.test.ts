import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A real DF path-MTU probe: client ns -> router ns -> server ns, second hop MTU 1300.
// Needs root (network namespaces); the traffic never leaves the namespaces made here.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NS = ['pa-parse-mtu-a', 'pa-parse-mtu-r', 'pa-parse-mtu-b'] as const;

function sh(args: string[]): void {
  execFileSync(args[0] as string, args.slice(1), { stdio: 'pipe' });
}

describe.skipIf(!isRoot)('pptp-auditor mtu through network namespaces', () => {
  beforeAll(() => {
    for (const n of NS) spawnSync('ip', ['netns', 'del', n]);
    for (const n of NS) {
      sh(['ip', 'netns', 'add', n]);
      sh(['ip', '-n', n, 'link', 'set', 'lo', 'up']);
    }
    sh([
      'ip',
      'link',
      'add',
      'pm-a0',
      'netns',
      NS[0],
      'type',
      'veth',
      'peer',
      'name',
      'pm-r0',
      'netns',
      NS[1],
    ]);
    sh([
      'ip',
      'link',
      'add',
      'pm-r1',
      'netns',
      NS[1],
      'type',
      'veth',
      'peer',
      'name',
      'pm-b0',
      'netns',
      NS[2],
    ]);
    sh(['ip', '-n', NS[0], 'addr', 'add', '10.78.1.2/24', 'dev', 'pm-a0']);
    sh(['ip', '-n', NS[1], 'addr', 'add', '10.78.1.1/24', 'dev', 'pm-r0']);
    sh(['ip', '-n', NS[1], 'addr', 'add', '10.78.2.1/24', 'dev', 'pm-r1']);
    sh(['ip', '-n', NS[2], 'addr', 'add', '10.78.2.2/24', 'dev', 'pm-b0']);
    sh(['ip', '-n', NS[1], 'link', 'set', 'pm-r1', 'mtu', '1300']);
    sh(['ip', '-n', NS[2], 'link', 'set', 'pm-b0', 'mtu', '1300']);
    for (const [n, dev] of [
      [NS[0], 'pm-a0'],
      [NS[1], 'pm-r0'],
      [NS[1], 'pm-r1'],
      [NS[2], 'pm-b0'],
    ] as const) {
      sh(['ip', '-n', n, 'link', 'set', dev, 'up']);
    }
    sh(['ip', '-n', NS[0], 'route', 'add', 'default', 'via', '10.78.1.1']);
    sh(['ip', '-n', NS[2], 'route', 'add', 'default', 'via', '10.78.2.1']);
    sh(['ip', 'netns', 'exec', NS[1], 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    execFileSync('npm', ['run', '--silent', 'build:node'], { cwd: root, stdio: 'pipe' });
  }, 180_000);

  afterAll(() => {
    for (const n of NS) spawnSync('ip', ['netns', 'del', n]);
  });

  it('finds the 1300-byte path MTU from "Frag needed", bound to the interface, in 4 probes or fewer', () => {
    const r = spawnSync('ip', ['netns', 'exec', NS[0], process.execPath, `${root}dist/cli.cjs`, 'mtu', '10.78.2.2', '--iface', 'pm-a0', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.facts.pathMtu).toMatchObject({ largestPassingPacket: 1300, smallestFailingPacket: 1301 });
    expect(out.inputs.length).toBeLessThanOrEqual(4);
    expect(out.inputs.every((i: { file: string }) => / -M do -I pm-a0 10\.78\.2\.2$/.test(i.file))).toBe(true);
  });

  it('the default audit ping (-s 1400, DF not forced) still crosses the 1300 path, fragmented, exactly the count sent', () => {
    const r = spawnSync('ip', ['netns', 'exec', NS[0], process.execPath, `${root}dist/cli.cjs`, 'ping', '10.78.2.2', '-c', '5', '--json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.facts.latency.report.transmitted).toBe(5);
    expect(out.facts.latency.report.received).toBeGreaterThanOrEqual(4);
  });

  it('never sends more echoes than asked when nobody answers (no -w: ping stops at the count)', () => {
    // 10.78.1.9 is on the client's own link and unused: no reply, ARP fails, ping gives up per request.
    const r = spawnSync('ip', ['netns', 'exec', NS[0], process.execPath, `${root}dist/cli.cjs`, 'ping', '10.78.1.9', '-c', '5', '--json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = JSON.parse(r.stdout);
    expect(out.facts.latency.report.transmitted).toBe(5);
    expect(out.facts.latency.report.received).toBe(0);
  });
});
