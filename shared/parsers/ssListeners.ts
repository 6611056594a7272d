/** One listening TCP socket from `ss -ltnp`. */
export interface TcpListener {
  /** "0.0.0.0", "::", "*", "127.0.0.1" (an interface suffix "%lo" is kept apart). */
  address: string;
  port: number;
  /** "lo" for "127.0.0.53%lo:53"; null when the socket is not bound to a device. */
  device: string | null;
  /** Processes holding the socket ("pptpd", pid 3); empty without -p or without root. */
  processes: Array<{ name: string; pid: number | null }>;
  /** 1-based line in the output. */
  line: number;
}

export interface SsListenersResult {
  listeners: TcpListener[];
  /** True when the header has the Process column (ss -p): empty process lists then mean "unknown owner". */
  withProcesses: boolean;
  unparsed: string[];
}

const HEADER =
  /^(?:Netid\s+)?State\s+Recv-Q\s+Send-Q\s+Local Address:Port\s+Peer Address:Port(.*)$/;
const ROW =
  /^(?:tcp\s+)?(LISTEN|UNCONN|ESTAB|SYN-SENT|SYN-RECV|FIN-WAIT-1|FIN-WAIT-2|TIME-WAIT|CLOSE-WAIT|LAST-ACK|CLOSING|CLOSED)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;

function splitEndpoint(
  text: string,
): { address: string; port: number; device: string | null } | null {
  const m = /^(.*):(\d+|\*)$/.exec(text);
  if (!m || m[2] === '*') return null;
  let host = m[1] as string;
  let device: string | null = null;
  const at = /^(.*)%(\S+)$/.exec(host);
  if (at) {
    host = at[1] as string;
    device = at[2] as string;
  }
  return { address: host.replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]), device };
}

/** `ss -ltnp` (or `ss -ltn`, `ss -tlnp`): the TCP listeners and who owns them. */
export function parseSsListeners(text: string): SsListenersResult {
  const listeners: TcpListener[] = [];
  const unparsed: string[] = [];
  let withProcesses = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const header = HEADER.exec(line);
    if (header) {
      withProcesses = /Process/.test(header[1] ?? '');
      return;
    }
    const m = ROW.exec(line);
    const local = m ? splitEndpoint(m[4] as string) : null;
    if (!m || !local) {
      unparsed.push(line);
      return;
    }
    if (m[1] !== 'LISTEN') return;
    const processes: TcpListener['processes'] = [];
    for (const p of (m[6] ?? '').matchAll(/\("([^"]*)",pid=(\d+)/g))
      processes.push({ name: p[1] as string, pid: Number(p[2]) });
    listeners.push({ ...local, processes, line: index + 1 });
  });
  return { listeners, withProcesses, unparsed };
}
