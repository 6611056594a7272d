import type { ListenerFacts, ProcessFacts } from '../../findings/facts';
import { parsePsList } from '../../parsers/psList';
import { parseSsListeners } from '../../parsers/ssListeners';
import { FactsInputError } from './errors';
import { requireKind } from './recognised';

const PPTP_CONTROL_PORT = 1723;

/**
 * `ss -ltnp` → ListenerFacts: which TCP ports listen, and whether anything (and what) listens
 * on 1723. "TCP 1723 open" rests on this: a firewall that would admit 1723 exposes nothing
 * when no process listens there.
 */
export function listenersFacts(ssText: string, file: string): ListenerFacts {
  if (ssText.trim() === '')
    throw new FactsInputError(file, 'ss printed nothing (not even its header)');
  requireKind(ssText, file, ['ss-listeners'] as const);
  const parsed = parseSsListeners(ssText);
  const listeners = parsed.listeners.map((l) => ({
    address: l.address,
    port: l.port,
    processes: l.processes.map((p) => p.name),
    line: l.line,
  }));
  const control = listeners.find((l) => l.port === PPTP_CONTROL_PORT) ?? null;
  return {
    source: file,
    withProcesses: parsed.withProcesses,
    listeners,
    pptpControl: control
      ? { address: control.address, processes: control.processes, line: control.line }
      : null,
  };
}

const PPTP_PROCESSES = new Set(['pppd', 'pptpd', 'pptpctrl', 'pptp']);

/** `ps -eo pid,ppid,comm` → ProcessFacts: the pppd / pptpd / pptpctrl / pptp processes present. */
export function processFacts(psText: string, file: string): ProcessFacts {
  if (psText.trim() === '') throw new FactsInputError(file, 'ps printed nothing');
  requireKind(psText, file, ['ps-list'] as const);
  const { processes } = parsePsList(psText);
  const pptp: ProcessFacts['pptp'] = [];
  for (const p of processes) {
    if (PPTP_PROCESSES.has(p.name))
      pptp.push({
        name: p.name as ProcessFacts['pptp'][number]['name'],
        pid: p.pid,
        ppid: p.ppid,
        line: p.line,
      });
  }
  return { source: file, total: processes.length, pptp };
}
