import type { SshConnection } from './connection';
import { remoteText } from './remoteExec';

/** What the evidence records about the gateway (beside the connection's host key). */
export interface RemoteFacts {
  unameA: string;
  kernelRelease: string;
  hostname: string;
  osRelease: string;
  machineId: string | null;
  /** Tool name -> first line of its version output on the gateway (null: absent). */
  tools: Record<string, string | null>;
}

/** One exec for all of it: short, unprivileged, bounded; sections split by a marker line. */
const FACTS_SCRIPT = [
  'uname -a; echo @@; uname -r; echo @@; uname -n; echo @@; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; echo @@; cat /etc/machine-id 2>/dev/null; echo @@',
  'for t in "ip -V" "tcpdump --version" "ping -V" "journalctl --version" "iptables --version" "nft --version" "pppd --version" "pptpd --version" "sensors -v" "awk -W version"; do',
  'set -- $t; if command -v "$1" >/dev/null 2>&1; then printf "%s=%s\\n" "$1" "$("$@" 2>&1 </dev/null | grep -v "^[[:space:]]*$" | head -n 1)"; else printf "%s=\\n" "$1"; fi; done',
].join('\n');

export async function remoteFacts(conn: SshConnection): Promise<RemoteFacts> {
  const out = await remoteText(conn, ['sh', '-c', FACTS_SCRIPT], { mode: 'none' }, 20);
  if (out.problem || out.exitCode !== 0) throw new Error(`could not read the gateway's identity: ${out.problem ?? out.stderr.trim().split('\n')[0] ?? `status ${out.exitCode}`}`);
  const [unameA = '', release = '', hostname = '', osRelease = '', machineId = '', tools = ''] = out.text.split('@@\n').map((s) => s.replace(/\n$/, ''));
  const toolMap: Record<string, string | null> = {};
  for (const line of tools.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq);
    const value = line.slice(eq + 1).trim().slice(0, 200);
    toolMap[name === 'iptables' ? 'iptables' : name] = value === '' ? null : value;
  }
  return { unameA: unameA.trim(), kernelRelease: release.trim(), hostname: hostname.trim(), osRelease, machineId: machineId.trim() || null, tools: toolMap };
}
