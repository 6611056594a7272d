import type { LogEvent, LogEventKind, LogFacts } from '../../findings/facts';
import type { LogLine, PppEvent, PppSession } from '../../model/logs';
import { buildSessions } from '../../analysis/logsSessions';
import { mergeLogLines } from '../../analysis/logsMerge';
import { parseJournalJson, parseSyslog, syslogLineForm } from '../../parsers/logLines';
import { pptpProgram } from '../../parsers/pppLog';
import { recogniseInput } from '../../parsers/recognise';
import { FactsInputError } from './errors';

export type LogInputKind = 'journal-json' | 'syslog' | 'pppd-logfile';

export interface LogInput {
  /** Bundle-relative file name, cited as evidence. */
  file: string;
  text: string;
  kind: LogInputKind;
}

export interface LogsFactsOptions {
  /** Year assumed for RFC 3164 lines ("Nov 24 08:31:27"), which carry none. */
  year?: number;
}

const MAX_TEXT = 300;

/**
 * The kind of a collected log by its content, for files whose path does not say it (the
 * catalogue's /var/log/ppp.log may be rsyslog output or pppd's own `logfile`): JSON lines are
 * the journal, lines with a syslog time prefix (rsyslog, RFC 3164, OpenWrt logread) are syslog,
 * anything else is a pppd logfile. Lenient on purpose, for collected files; a file handed in
 * from outside goes through logInputKind, which refuses what is no log.
 */
export function guessLogKind(text: string): LogInputKind {
  const lines = text.split(/\r?\n/, 50).filter((l) => l.trim() !== '');
  const first = lines[0]?.trim() ?? '';
  if (first.startsWith('{')) return 'journal-json';
  const prefixed = lines.filter((l) => syslogLineForm(l) !== null).length;
  return lines.length > 0 && prefixed * 2 >= lines.length ? 'syslog' : 'pppd-logfile';
}

/**
 * The kind of a log file handed in (offline import, `logs --from`): recognised by content,
 * refused in one line (FactsInputError) when it is no log at all, e.g. a tcpdump text dump.
 */
export function logInputKind(text: string, file: string): LogInputKind {
  const r = recogniseInput(text, file);
  if (!r.ok) throw new FactsInputError(file, r.message);
  if (r.kind === 'journal-json') return 'journal-json';
  if (r.kind === 'syslog' || r.kind === 'openwrt-logread') return 'syslog';
  if (r.kind === 'pppd-logfile') return 'pppd-logfile';
  throw new FactsInputError(file, `this is ${r.label} output, not a log (journal, syslog, OpenWrt logread or pppd logfile)`);
}

function parse(input: LogInput, year: number): LogLine[] {
  if (input.kind === 'journal-json') return parseJournalJson(input.text, input.file).lines;
  if (input.kind === 'pppd-logfile') return parseSyslog(input.text, { source: input.file, year, bareProgram: 'pppd' }).lines;
  return parseSyslog(input.text, { source: input.file, year }).lines;
}

const isoOf = (time: number | null) => (time === null ? null : new Date(time).toISOString());

function event(kind: LogEventKind, line: LogLine, extra: Partial<LogEvent> = {}): LogEvent {
  return { kind, file: line.source, line: line.lineNo, text: line.message.slice(0, MAX_TEXT), at: isoOf(line.time), ...extra };
}

/** The LogEvent a classified pppd/pptpd line stands for, if the rules use it. */
function fromPppEvent(e: PppEvent): LogEvent | null {
  switch (e.kind) {
    case 'connect':
      return event('connect', e.line);
    case 'lcp-timeout':
      return event('lcp-timeout', e.line);
    case 'echo-failure': {
      const out = event('echo-failure', e.line);
      if (typeof e.data.count === 'number') out.echoes = e.data.count;
      return out;
    }
    case 'mppe-failed':
    case 'mppe-refused':
      return event('mppe-required-failed', e.line);
    case 'mppe': {
      const bits = typeof e.data.bits === 'number' ? e.data.bits : undefined;
      const stateless = typeof e.data.stateless === 'boolean' ? e.data.stateless : undefined;
      const out = event('mppe-enabled', e.line);
      if (bits !== undefined) out.bits = bits;
      if (stateless !== undefined) out.stateless = stateless;
      return out;
    }
    case 'auth-ok': {
      if (e.data.protocol !== 'CHAP') return null;
      const out = event('chap-success', e.line);
      if (typeof e.data.user === 'string') out.user = e.data.user;
      return out;
    }
    case 'gre-loss': {
      const out = event('gre-loss', e.line);
      if (typeof e.data.packets === 'number') out.packets = e.data.packets;
      return out;
    }
    case 'auth-fail':
      // "No CHAP secret found" is a configuration gap on our side, not a failed handshake.
      if (e.data.soft === true || e.data.protocol === 'PAP' || e.data.protocol === 'EAP') return null;
      return event('chap-failure', e.line);
    case 'auth-method':
      return e.data.method === 'chap MS-v2' ? event('mschapv2', e.line) : null;
    default:
      return null;
  }
}

/** The pppd sessions of each process (source, host, pid), to find the session of a line. */
function sessionIndex(sessions: readonly PppSession[]): (e: PppEvent) => PppSession | undefined {
  const key = (source: string, host: string | null, pid: number | null) => `${source}|${host ?? ''}|${pid ?? ''}`;
  const byProcess = new Map<string, PppSession[]>();
  for (const s of sessions) {
    const k = key(s.source, s.host, s.pid);
    const list = byProcess.get(k);
    if (list) list.push(s);
    else byProcess.set(k, [s]);
  }
  for (const list of byProcess.values()) list.sort((a, b) => a.firstLine - b.firstLine);
  // Binary search: a bare pppd logfile is one process whose redials may be thousands of sessions.
  return (e) => {
    const list = byProcess.get(key(e.line.source, e.line.host, e.line.pid));
    if (!list) return undefined;
    const n = e.line.lineNo;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid] as PppSession;
      if (n < s.firstLine) hi = mid - 1;
      else if (n > s.lastLine) lo = mid + 1;
      else return s;
    }
    return undefined;
  };
}

/**
 * One chap-failure per failed pppd session, however many lines pppd prints for it (the client
 * prints "MS-CHAP authentication failed: ..." then "CHAP authentication failed"), so a count of
 * failures is a count of refused attempts. Each carries who was refused, by whom, and the
 * MS-CHAP error code the session saw (pppd 2.4.9 prints E= only in the debug packet line).
 */
function authFailures(sessions: readonly PppSession[], events: readonly PppEvent[]): LogEvent[] {
  const sessionOf = sessionIndex(sessions);
  const seen = new Set<PppSession>();
  const out: LogEvent[] = [];
  for (const e of events) {
    const mapped = e.kind === 'auth-fail' ? fromPppEvent(e) : null;
    if (!mapped) continue;
    const s = sessionOf(e);
    if (s) {
      if (seen.has(s)) continue;
      seen.add(s);
    }
    const side = e.data.side === 'server' || e.data.side === 'client' ? e.data.side : s?.role === 'server' || s?.role === 'client' ? s.role : undefined;
    if (side) mapped.side = side;
    const user = typeof e.data.user === 'string' ? e.data.user : (s?.auth.user ?? null);
    if (user !== null) mapped.user = user.slice(0, MAX_TEXT);
    const peer = typeof e.data.address === 'string' ? e.data.address : (s?.peer ?? null);
    if (peer !== null) mapped.peer = peer;
    const code = typeof e.data.code === 'number' ? e.data.code : (s?.auth.errorCode ?? null);
    if (code !== null) mapped.errorCode = code;
    out.push(mapped);
  }
  return out;
}

/** Kinds that end a session, best first: the line cited for the termination. */
const TERMINATION_ORDER: ReadonlyArray<PppEvent['kind']> = ['terminate', 'connection-terminated'];

/**
 * One 'terminate' per ended session (pppd prints several closing lines per session:
 * "Terminating on signal 15", "Modem hangup", "Connection terminated."), so a flap count is a
 * count of sessions that ended, not of closing lines.
 */
function terminations(sessions: PppSession[], events: PppEvent[]): LogEvent[] {
  const key = (source: string, host: string | null, pid: number | null) => `${source}|${host ?? ''}|${pid ?? ''}`;
  // Each process's events by line number (with their order among the events, kept below): a
  // session's events are then a binary search away, not a scan of every event of its process —
  // a bare logfile is one process for thousands of sessions.
  const byProcess = new Map<string, Array<{ e: PppEvent; order: number }>>();
  for (const [order, e] of events.entries()) {
    if (pptpProgram(e.line) !== 'pppd') continue;
    const k = key(e.line.source, e.line.host, e.line.pid);
    const list = byProcess.get(k);
    if (list) list.push({ e, order });
    else byProcess.set(k, [{ e, order }]);
  }
  for (const list of byProcess.values()) list.sort((a, b) => a.e.line.lineNo - b.e.line.lineNo || a.order - b.order);
  const out: LogEvent[] = [];
  for (const s of sessions) {
    if (s.termination === null) continue;
    const list = byProcess.get(key(s.source, s.host, s.pid)) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as { e: PppEvent }).e.line.lineNo < s.firstLine) lo = mid + 1;
      else hi = mid;
    }
    const inRange: Array<{ e: PppEvent; order: number }> = [];
    for (let i = lo; i < list.length && (list[i] as { e: PppEvent }).e.line.lineNo <= s.lastLine; i++) inRange.push(list[i] as { e: PppEvent; order: number });
    const inSession = inRange.sort((a, b) => a.order - b.order).map((x) => x.e);
    let chosen: PppEvent | undefined;
    for (const kind of TERMINATION_ORDER) {
      chosen = inSession.find((e) => e.kind === kind && e.data.weak !== true) ?? inSession.find((e) => e.kind === kind);
      if (chosen) break;
    }
    // A session closed by an error (LCP timeout, auth failure) may print no closing line of
    // its own in what was collected: cite its last line.
    const line = chosen?.line ?? inSession.at(-1)?.line;
    if (line) out.push(event('terminate', line, { text: `${line.message} (session ended: ${s.termination})`.slice(0, MAX_TEXT) }));
  }
  return out;
}

const ERROR_619 = /\b(?:error|Error|ERROR)[ :]+619\b|\bE=619\b/;

/** Step 5: journal / syslog / pppd logfiles → LogFacts. */
export function logsFacts(inputs: readonly LogInput[], options: LogsFactsOptions = {}): LogFacts {
  const year = options.year ?? new Date().getUTCFullYear();
  const timed: LogLine[][] = [];
  const logfiles: LogLine[][] = [];
  for (const input of inputs) (input.kind === 'pppd-logfile' ? logfiles : timed).push(parse(input, year));
  // The journal and the syslog rsyslog writes from it, and pppd's own logfile, repeat one
  // another: each event is counted once, cited where it carries a time.
  const all = mergeLogLines([...timed, ...logfiles]);

  // Sessions are built per file so a bare logfile (no pid) never merges with syslog lines.
  const events: LogEvent[] = [];
  for (const source of new Set(all.map((l) => l.source))) {
    const lines = all.filter((l) => l.source === source);
    const sorted = lines.some((l) => l.time !== null) ? [...lines].sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.lineNo - b.lineNo) : lines;
    const built = buildSessions(sorted);
    for (const e of built.events) {
      const mapped = e.kind === 'auth-fail' ? null : fromPppEvent(e);
      if (mapped) events.push(mapped);
    }
    for (const f of authFailures(built.sessions, built.events)) events.push(f);
    for (const t of terminations(built.sessions, built.events)) events.push(t);
    for (const l of lines) if (ERROR_619.test(l.message)) events.push(event('error-619', l));
  }

  const order = new Map(inputs.map((i, n) => [i.file, n]));
  events.sort((a, b) => {
    if (a.at !== null && b.at !== null && a.at !== b.at) return a.at < b.at ? -1 : 1;
    return (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line;
  });

  let first = Infinity;
  let last = -Infinity;
  for (const l of all) {
    if (l.time === null) continue;
    if (l.time < first) first = l.time;
    if (l.time > last) last = l.time;
  }
  const spanSeconds = Number.isFinite(first) ? (last - first) / 1000 : null;
  return { sources: inputs.map((i) => i.file), events, spanSeconds };
}
