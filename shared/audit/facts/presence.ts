import type { ListenerFacts, ProcessFacts } from '../../findings/facts';
import { FactsInputError } from './errors';
import { splitLines } from './lines';

/** `ss -l -t -n -p` → the TCP listeners, each with the line that shows it. */
export function listenerFacts(text: string, file: string): ListenerFacts {
  const lines = splitLines(text);
  const listeners: ListenerFacts['listeners'] = [];
  let sawHeader = false;
  lines.forEach((line, i) => {
    if (/^State\s+Recv-Q\s+Send-Q\s+Local Address:Port/.test(line)) {
      sawHeader = true;
      return;
    }
    const m = /^LISTEN\s+\d+\s+\d+\s+(\S+):(\d+|\*)\s+\S+\s*(.*)$/.exec(line);
    if (!m) return;
    const port = Number(m[2]);
    if (!Number.isInteger(port)) return;
    const process = /users:\(\("([^"]+)"/.exec(m[3] ?? '')?.[1] ?? null;
    listeners.push({ address: m[1]!, port, process, line: i + 1 });
  });
  if (!sawHeader && listeners.length === 0 && text.trim() !== '') {
    throw new FactsInputError(file, 'not ss -ltnp output (no "State Recv-Q Send-Q Local Address:Port" header)');
  }
  return { source: file, listeners };
}

/** `ps -e -o pid,ppid,comm` → the processes (names only). */
export function processFacts(text: string, file: string): ProcessFacts {
  const lines = splitLines(text);
  if (!/^\s*PID\s+PPID\s+COMMAND\s*$/.test(lines[0] ?? '')) {
    throw new FactsInputError(file, 'not ps -e -o pid,ppid,comm output (no "PID PPID COMMAND" header)');
  }
  const processes: ProcessFacts['processes'] = [];
  lines.forEach((line, i) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(.+?)\s*$/.exec(line);
    if (m) processes.push({ pid: Number(m[1]), ppid: Number(m[2]), comm: m[3]!, line: i + 1 });
  });
  return { source: file, processes };
}
