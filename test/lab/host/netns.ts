import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * The fast host-only tier of the lab: network namespaces joined by veth pairs, with a veth or
 * TUN named like a tunnel (ppp0), tbf shaping and iperf3. Seconds, not minutes; no PPTP.
 * Every namespace is created here with a unique name and deleted by `destroy()`.
 */
export function sh(argv: string[], input?: string): string {
  return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export class Netns {
  constructor(readonly name: string) {}

  static create(prefix: string): Netns {
    const name = `${prefix}-${randomBytes(3).toString('hex')}`;
    sh(['ip', 'netns', 'add', name]);
    sh(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
    return new Netns(name);
  }

  ip(...args: string[]): string {
    return sh(['ip', '-n', this.name, ...args]);
  }

  exec(argv: string[]): string {
    return sh(['ip', 'netns', 'exec', this.name, ...argv]);
  }

  spawn(argv: string[], options: { stdio?: 'pipe' | 'ignore' } = {}): ChildProcess {
    return spawn('ip', ['netns', 'exec', this.name, ...argv], { stdio: options.stdio ?? 'pipe' });
  }

  readCounter(iface: string, counter: string): number {
    return Number(this.exec(['cat', `/sys/class/net/${iface}/statistics/${counter}`]).trim());
  }

  destroy(): void {
    try {
      sh(['ip', 'netns', 'pids', this.name])
        .split('\n')
        .filter(Boolean)
        .forEach((pid) => {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            /* already gone */
          }
        });
      sh(['ip', 'netns', 'del', this.name]);
    } catch {
      /* already gone */
    }
  }
}

/**
 * A point-to-point veth pair standing in for a PPTP tunnel: `local` gets an interface named
 * `ifname` (ppp0 by default) addressed 10.77.0.1 peer 10.77.0.2, `remote` the other end.
 */
export function linkPair(local: Netns, remote: Netns, ifname = 'ppp0', peerName = 'carrier0'): void {
  local.ip('link', 'add', ifname, 'type', 'veth', 'peer', 'name', peerName, 'netns', remote.name);
  local.ip('addr', 'add', '10.77.0.1', 'peer', '10.77.0.2/32', 'dev', ifname);
  remote.ip('addr', 'add', '10.77.0.2', 'peer', '10.77.0.1/32', 'dev', peerName);
  local.ip('link', 'set', ifname, 'up');
  remote.ip('link', 'set', peerName, 'up');
}

/** Token bucket on egress: a known, steady rate (the kernel here has no netem). */
export function shape(ns: Netns, iface: string, rateKbit: number): void {
  ns.exec(['tc', 'qdisc', 'replace', 'dev', iface, 'root', 'tbf', 'rate', `${rateKbit}kbit`, 'burst', '32kbit', 'latency', '50ms']);
}

/** Starts iperf3 -s in `server` and a bounded client in `client`; resolves when the client ends. */
export async function iperf(server: Netns, client: Netns, address: string, seconds: number): Promise<void> {
  const srv = server.spawn(['iperf3', '-s', '-1', '-B', address], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 400));
  const cli = client.spawn(['iperf3', '-c', address, '-t', String(seconds), '-i', '0'], { stdio: 'ignore' });
  await new Promise<void>((resolve) => cli.on('exit', () => resolve()));
  srv.kill('SIGKILL');
}
