import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
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

/**
 * The file PATH resolves a tool to, as path, inode, size and change time: the same key means
 * the same binary, so its version is known. Null when no such file is on PATH.
 */
function binaryKey(tool: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, tool);
    const st = statSync(file, { throwIfNoEntry: false });
    if (st?.isFile()) return `${file}:${st.ino}:${st.size}:${st.ctimeMs}`;
  }
  return null;
}

/**
 * Versions already asked, by tool, with the binary they came from. `tshark --version` alone
 * takes a second (it loads every dissector), and every new bundle records the versions: asked
 * again only when the binary on PATH is another file or was changed (an install or upgrade
 * between two audits is still recorded as it is).
 */
const askedVersions = new Map<string, { key: string; version: string | null }>();

/** First non-empty line of each tool's version output; null when the tool is absent. */
export function toolVersions(): Record<string, string | null> {
  const out: Record<string, string | null> = { node: process.version };
  for (const [name, argv] of Object.entries(TOOL_VERSION_COMMANDS)) {
    const key = binaryKey(argv[0]!);
    const known = key === null ? undefined : askedVersions.get(name);
    if (known && known.key === key) {
      out[name] = known.version;
      continue;
    }
    out[name] = askVersion(argv);
    if (key !== null) askedVersions.set(name, { key, version: out[name] });
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

function askVersion(argv: string[]): string | null {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 3000, env: { ...process.env, LC_ALL: 'C' } });
  if (r.error) return null;
  // pppd prints its version on stderr; some tools exit non-zero on --version.
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '')?.slice(0, 200) ?? null;
}
