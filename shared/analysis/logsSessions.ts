import type {
  AuthMethod,
  ControlConnection,
  FlapReport,
  LogErrorKind,
  LogLine,
  LogsReport,
  PppEvent,
  PppSession,
} from '../model/logs';
import { classifyPppLine, pptpProgram } from '../parsers/pppLog';

const ERROR_KINDS: Partial<Record<PppEvent['kind'], LogErrorKind>> = {
  'lcp-timeout': 'lcp-timeout',
  'ncp-timeout': 'ncp-timeout',
  'echo-failure': 'echo-failure',
  'link-disconnected': 'link-disconnected',
  'mppe-refused': 'mppe-refused',
  'mppe-failed': 'mppe-failed',
  'mppe-unavailable': 'mppe-unavailable',
  'auth-fail': 'auth-failure',
  'peer-refused-auth': 'peer-refused-auth',
  'ctrl-error': 'ctrl-error',
  'gre-error': 'gre-error',
  'gre-loss': 'gre-loss',
};

/** Causes that explain an end better than the generic "Modem hangup"/"Connection terminated". */
const CAUSES: Partial<Record<PppEvent['kind'], string>> = {
  'lcp-timeout': 'LCP: timeout sending Config-Requests (GRE not getting through)',
  'echo-failure': 'peer stopped answering LCP echo-requests',
  'link-disconnected': 'serial link appears to be disconnected',
  'mppe-refused': 'MPPE required but peer refused',
  'mppe-failed': 'MPPE required but peer negotiation failed',
  'mppe-unavailable': 'MPPE required but not available',
  'auth-fail': 'authentication failed',
  'peer-refused-auth': 'peer refused to authenticate',
};

const METHODS: Record<string, AuthMethod> = {
  'chap MS-v2': 'MS-CHAP-v2',
  'chap MS': 'MS-CHAP',
  'chap MD5': 'CHAP-MD5',
  pap: 'PAP',
  eap: 'EAP',
};

function newSession(line: LogLine, index: number): PppSession {
  return {
    id: `${line.source}:${line.host ?? '-'}:${line.pid ?? '-'}:${index}`,
    host: line.host,
    pid: line.pid,
    source: line.source,
    role: 'unknown',
    pppdVersion: null,
    iface: null,
    device: null,
    peer: null,
    localIp: null,
    remoteIp: null,
    dns: [],
    auth: { result: 'none', method: null, errorCode: null, message: null, user: null },
    mppe: null,
    compression: [],
    start: line.time,
    end: line.time,
    connectMinutes: null,
    sentBytes: null,
    receivedBytes: null,
    ipUp: false,
    termination: null,
    errors: [],
    firstLine: line.lineNo,
    lastLine: line.lineNo,
  };
}

interface Building {
  session: PppSession;
  connected: boolean;
  closed: boolean;
  cause: string | null;
  terminate: string | null;
  weakTerminate: string | null;
  terminatedCleanly: boolean;
  /** The first line saying the link went down (its time is the session's end when it has one). */
  linkDown: { at: number | null } | null;
}

/**
 * Lines that say the link is down. A redialling pppd (persist) goes on logging in the same
 * process ("Script pptp ... finished", "Using interface ppp0" of the next link): those times
 * must not stretch the ended session to the next link's start.
 */
const LINK_DOWN_KINDS: ReadonlySet<PppEvent['kind']> = new Set<PppEvent['kind']>([
  'terminate',
  'connection-terminated',
  'lcp-timeout',
  'echo-failure',
  'link-disconnected',
]);

function str(v: string | number | boolean | null | undefined): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function applyEvent(b: Building, e: PppEvent): void {
  const s = b.session;
  const d = e.data;
  s.end = e.line.time ?? s.end;
  s.lastLine = e.line.lineNo;
  if (b.linkDown === null && LINK_DOWN_KINDS.has(e.kind)) b.linkDown = { at: e.line.time };
  const errorKind = ERROR_KINDS[e.kind];
  if (errorKind && !(e.kind === 'auth-fail' && s.errors.some((x) => x.kind === 'auth-failure'))) {
    s.errors.push({
      kind: errorKind,
      message: e.line.message,
      source: e.line.source,
      lineNo: e.line.lineNo,
    });
  }
  if (CAUSES[e.kind] && b.cause === null) b.cause = CAUSES[e.kind] as string;
  switch (e.kind) {
    case 'start':
      s.pppdVersion = str(d.version);
      break;
    case 'interface':
      s.iface = str(d.iface);
      break;
    case 'connect':
      s.iface = str(d.iface) ?? s.iface;
      s.device = str(d.device);
      b.connected = true;
      break;
    case 'auth-method':
      if (d.method) s.auth.method = METHODS[str(d.method) ?? ''] ?? 'CHAP';
      if (typeof d.code === 'number') s.auth.errorCode = d.code;
      break;
    case 'auth-ok':
      s.auth.result = 'success';
      s.auth.user = str(d.user) ?? s.auth.user;
      s.auth.method ??= d.protocol === 'PAP' ? 'PAP' : d.protocol === 'EAP' ? 'EAP' : 'CHAP';
      if (d.side === 'server') s.role = 'server';
      if (d.side === 'client' && s.role === 'unknown') s.role = 'client';
      break;
    case 'auth-fail':
      if (d.soft && s.auth.result === 'success') break;
      s.auth.result = 'failure';
      s.auth.user = str(d.user) ?? s.auth.user;
      s.auth.message = str(d.message) ?? s.auth.message ?? e.line.message;
      if (typeof d.code === 'number') s.auth.errorCode = d.code;
      if (d.protocol === 'MS-CHAP' && (s.auth.method === null || s.auth.method === 'CHAP'))
        s.auth.method = 'MS-CHAP';
      if (d.side === 'server') s.role = 'server';
      if (d.side === 'client' && s.role === 'unknown') s.role = 'client';
      break;
    case 'peer':
      s.peer = str(d.address);
      if (d.side === 'server') {
        s.role = 'server';
        if (d.authorized && s.auth.result === 'none' && s.auth.method !== null)
          s.auth.result = 'success';
      } else if (s.role === 'unknown') s.role = 'client';
      break;
    case 'mppe': {
      const bits =
        typeof d.bits === 'number' && (d.bits === 40 || d.bits === 56 || d.bits === 128)
          ? d.bits
          : null;
      s.mppe = {
        bits,
        stateless: typeof d.stateless === 'boolean' ? d.stateless : null,
        text: e.line.message,
      };
      break;
    }
    case 'compression':
      s.compression.push(str(d.method) ?? e.line.message);
      break;
    case 'local-ip':
      s.localIp = str(d.address);
      s.ipUp = true;
      break;
    case 'remote-ip':
      s.remoteIp = str(d.address);
      s.ipUp = true;
      break;
    case 'terminate':
      if (d.weak) b.weakTerminate ??= str(d.reason);
      else b.terminate ??= str(d.reason);
      break;
    case 'connection-terminated':
      b.terminatedCleanly = true;
      break;
    case 'dns': {
      const address = str(d.address);
      if (address !== null && !s.dns.includes(address)) s.dns.push(address);
      break;
    }
    case 'connect-time':
      s.connectMinutes = typeof d.minutes === 'number' ? d.minutes : s.connectMinutes;
      break;
    case 'bytes':
      s.sentBytes = typeof d.sent === 'number' ? d.sent : s.sentBytes;
      s.receivedBytes = typeof d.received === 'number' ? d.received : s.receivedBytes;
      break;
    case 'exit':
      b.closed = true;
      break;
    default:
      break;
  }
}

function finish(b: Building): PppSession {
  const s = b.session;
  if (b.linkDown?.at != null) s.end = b.linkDown.at;
  s.termination =
    b.cause ??
    b.terminate ??
    b.weakTerminate ??
    (b.terminatedCleanly || b.closed ? 'connection terminated' : null);
  return s;
}

/** Key of the pppd process a line belongs to; a bare logfile is one stream. */
const processKey = (l: LogLine) => `${l.source}|${l.host ?? ''}|${l.pid ?? ''}`;

/**
 * Groups pppd events into sessions: one per "Connect:" of a pppd process (pppd with
 * `persist` reconnects in the same process), and pptpd CTRL lines into control connections,
 * linked to the sessions they launched through "CTRL: Reaping child PPP[pid]".
 */
export function buildSessions(lines: readonly LogLine[]): {
  sessions: PppSession[];
  control: ControlConnection[];
  events: PppEvent[];
} {
  const events: PppEvent[] = [];
  const open = new Map<string, Building>();
  const done: PppSession[] = [];
  const control = new Map<string, ControlConnection>();
  const closedControl: ControlConnection[] = [];
  let index = 0;

  for (const line of lines) {
    const event = classifyPppLine(line);
    if (!event) continue;
    events.push(event);
    const program = pptpProgram(line);
    if (program === 'pptpd') {
      const key = processKey(line);
      let c = control.get(key);
      if (!c || event.kind === 'ctrl-start') {
        if (c) closedControl.push(c);
        c = {
          host: line.host,
          pid: line.pid,
          client: null,
          start: line.time,
          end: line.time,
          pppPids: [],
          errors: [],
        };
        control.set(key, c);
      }
      c.end = line.time ?? c.end;
      if (event.kind === 'ctrl-start' || event.kind === 'ctrl-finish')
        c.client = str(event.data.client) ?? c.client;
      if (event.kind === 'ctrl-reap' && typeof event.data.pppPid === 'number')
        c.pppPids.push(event.data.pppPid);
      if (event.kind === 'ctrl-error' || event.kind === 'gre-error') c.errors.push(line.message);
      if (event.kind === 'ctrl-finish') {
        closedControl.push(c);
        control.delete(key);
      }
      continue;
    }
    if (program !== 'pppd') continue;
    const key = processKey(line);
    let b = open.get(key);
    const startsNew =
      !b ||
      b.closed ||
      event.kind === 'start' ||
      (event.kind === 'connect' && (b.connected || b.terminatedCleanly)) ||
      // "Using interface ppp0" after the link went down opens the redialled link.
      (event.kind === 'interface' && b.connected && b.linkDown !== null);
    if (startsNew) {
      if (b) done.push(finish(b));
      b = {
        session: newSession(line, index++),
        connected: false,
        closed: false,
        cause: null,
        terminate: null,
        weakTerminate: null,
        terminatedCleanly: false,
        linkDown: null,
      };
      open.set(key, b);
    }
    applyEvent(b as Building, event);
  }
  for (const b of open.values()) done.push(finish(b));
  const controls = [...closedControl, ...control.values()];

  // Server sessions whose peer is unknown get it from the control connection that reaped them.
  for (const s of done) {
    if (s.peer !== null || s.pid === null) continue;
    const c = controls.find((x) => x.host === s.host && x.pppPids.includes(s.pid as number));
    if (c?.client) {
      s.peer = c.client;
      s.role = 'server';
    }
  }
  // pptp client lines (GRE loss/reorder) count as errors without a session of their own.
  done.sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || a.firstLine - b.firstLine);
  return { sessions: done, control: controls, events };
}

/** Sessions started per peer inside a sliding window: many reconnects = a flapping tunnel. */
export function flapping(
  sessions: readonly PppSession[],
  windowMinutes = 10,
  threshold = 3,
): FlapReport {
  const groups = new Map<string, number[]>();
  const counts = new Map<string, number>();
  for (const s of sessions) {
    const key = s.peer ?? s.remoteIp ?? s.host ?? s.source;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (s.start !== null) {
      const list = groups.get(key);
      if (list) list.push(s.start);
      else groups.set(key, [s.start]);
    }
  }
  const windowMs = windowMinutes * 60_000;
  const result: FlapReport['groups'] = [];
  for (const [key, total] of counts) {
    const starts = (groups.get(key) ?? []).sort((a, b) => a - b);
    let best = 0;
    let bestStart: number | null = null;
    let lo = 0;
    for (let hi = 0; hi < starts.length; hi++) {
      while ((starts[hi] as number) - (starts[lo] as number) > windowMs) lo++;
      if (hi - lo + 1 > best) {
        best = hi - lo + 1;
        bestStart = starts[lo] as number;
      }
    }
    result.push({ key, sessions: total, maxInWindow: best, windowStart: bestStart });
  }
  result.sort((a, b) => b.maxInWindow - a.maxInWindow || b.sessions - a.sessions);
  return {
    windowMinutes,
    threshold,
    groups: result,
    flapping: result.some((g) => g.maxInWindow >= threshold),
  };
}

export interface LogsReportOptions {
  windowMinutes?: number;
  threshold?: number;
}

/** Step 5 figures over every line handed in (several files and journals together). */
export function logsReport(lines: readonly LogLine[], options: LogsReportOptions = {}): LogsReport {
  const sorted = [...lines].sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
  const hasTimes = lines.some((l) => l.time !== null);
  const { sessions, control, events } = buildSessions(hasTimes ? sorted : lines);
  const errorsByKind: LogsReport['errorsByKind'] = {};
  for (const s of sessions)
    for (const e of s.errors) errorsByKind[e.kind] = (errorsByKind[e.kind] ?? 0) + 1;
  // Errors of pptpd/pptp lines are not inside any pppd session: count them from the events.
  for (const e of events) {
    const kind = ERROR_KINDS[e.kind];
    if (kind && pptpProgram(e.line) !== 'pppd') errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  }
  const authErrorCodes: Record<string, number> = {};
  for (const s of sessions) {
    if (s.auth.result === 'failure' && s.auth.errorCode !== null) {
      authErrorCodes[String(s.auth.errorCode)] =
        (authErrorCodes[String(s.auth.errorCode)] ?? 0) + 1;
    }
  }
  const withMppe = sessions.filter((s) => s.mppe !== null);
  const bits = withMppe
    .map((s) => s.mppe?.bits)
    .filter((b): b is 40 | 56 | 128 => typeof b === 'number');
  return {
    sessions,
    controlConnections: control,
    errorsByKind,
    authErrorCodes,
    flapping: flapping(sessions, options.windowMinutes, options.threshold),
    encryption: {
      sessionsWithMppe: withMppe.length,
      sessionsUpWithoutMppe: sessions.filter((s) => s.ipUp && s.mppe === null).length,
      strongest: bits.length ? Math.max(...bits) : null,
      weakest: bits.length ? Math.min(...bits) : null,
      statefulSessions: withMppe.filter((s) => s.mppe?.stateless === false).length,
    },
    lineCount: lines.length,
    pppLineCount: events.length,
  };
}
