import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import type { HostIdentity } from '../../shared/model/evidence';

/** KEY=value lines of os-release(5), quotes removed; unknown syntax is skipped. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let value = m[2] ?? '';
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1).replace(/\\(["$`\\])/g, '$1');
    out[m[1]!] = value;
  }
  return out;
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function hostIdentity(): HostIdentity {
  const osRelease = parseOsRelease(readOptional('/etc/os-release') ?? readOptional('/usr/lib/os-release') ?? '');
  return {
    hostname: hostname(),
    kernel: release(),
    os: osRelease.PRETTY_NAME ?? '',
    osRelease,
    machineId: readOptional('/etc/machine-id')?.trim() || null,
  };
}

/** The tools whose versions the manifest records, and how each prints its version. */
export const TOOL_VERSION_COMMANDS: Record<string, string[]> = {
  ip: ['ip', '-V'],
  tcpdump: ['tcpdump', '--version'],
  ping: ['ping', '-V'],
  journalctl: ['journalctl', '--version'],
  iptables: ['iptables', '--version'],
  nft: ['nft', '--version'],
  pppd: ['pppd', '--version'],
  pptpd: ['pptpd', '--version'],
  sensors: ['sensors', '-v'],
  tshark: ['tshark', '--version'],
};

/** First non-empty line of each tool's version output; null when the tool is absent. */
export function toolVersions(): Record<string, string | null> {
  const out: Record<string, string | null> = { node: process.version };
  for (const [name, argv] of Object.entries(TOOL_VERSION_COMMANDS)) {
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 3000, env: { ...process.env, LC_ALL: 'C' } });
    if (r.error) {
      out[name] = null;
      continue;
    }
    // pppd prints its version on stderr; some tools exit non-zero on --version.
    const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    out[name] = text.split('\n').map((l) => l.trim()).find((l) => l !== '')?.slice(0, 200) ?? null;
  }
  return out;
}

/**
 * The host identity of a gateway audited over SSH (facts read there by electron/remote), in the
 * manifest's shape: the target and its pinned host key beside what `hostIdentity()` records locally.
 */
export function remoteHostIdentity(facts: {
  unameA: string;
  kernelRelease: string;
  hostname: string;
  osRelease: string;
  machineId: string | null;
  target: { user: string; host: string; port: number };
  targetText: string;
  hostKey: { keyType: string; fingerprint: string; trust: 'known_hosts' | 'accepted-new' };
  privilege: string;
}): HostIdentity {
  const osRelease = parseOsRelease(facts.osRelease);
  return {
    hostname: facts.hostname,
    kernel: facts.kernelRelease,
    os: osRelease.PRETTY_NAME ?? '',
    osRelease,
    machineId: facts.machineId,
    remote: {
      target: facts.targetText,
      host: facts.target.host,
      port: facts.target.port,
      user: facts.target.user,
      hostKeyType: facts.hostKey.keyType,
      hostKeyFingerprint: facts.hostKey.fingerprint,
      hostKeyTrust: facts.hostKey.trust,
      unameA: facts.unameA,
      privilege: facts.privilege,
    },
  };
}
