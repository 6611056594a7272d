/** One log record, whatever file or journal it came from. */
export interface LogLine {
  /** Milliseconds since the epoch; null when the line carries no time (pppd logfile). */
  time: number | null;
  host: string | null;
  /** pppd, pptpd, pptp, kernel... */
  program: string | null;
  pid: number | null;
  message: string;
  /** File name or "journal" — where the evidence sits. */
  source: string;
  /** 1-based line number inside `source`. */
  lineNo: number;
}

export interface ParsedLog {
  format: 'journal-json' | 'syslog-iso' | 'syslog-rfc3164' | 'openwrt-logread' | 'pppd-logfile' | 'empty';
  lines: LogLine[];
  unparsed: Array<{ lineNo: number; text: string }>;
}

export type PppEventKind =
  | 'start'
  | 'interface'
  | 'connect'
  | 'auth-method'
  | 'auth-ok'
  | 'auth-fail'
  | 'peer'
  | 'mppe'
  | 'compression'
  | 'local-ip'
  | 'remote-ip'
  | 'dns'
  | 'lcp-timeout'
  | 'ncp-timeout'
  | 'echo-failure'
  | 'link-disconnected'
  | 'mppe-refused'
  | 'mppe-failed'
  | 'mppe-unavailable'
  | 'mppe-disabled'
  | 'peer-refused-auth'
  | 'terminate'
  | 'connection-terminated'
  | 'connect-time'
  | 'bytes'
  | 'exit'
  | 'ctrl-start'
  | 'ctrl-finish'
  | 'ctrl-call'
  | 'ctrl-reap'
  | 'ctrl-error'
  | 'ctrl-teardown'
  | 'gre-error'
  | 'gre-loss';

/** A pppd/pptpd line recognised and its values pulled out. */
export interface PppEvent {
  kind: PppEventKind;
  line: LogLine;
  /** Values of the event: interface name, address, bits, counts, reason... */
  data: Record<string, string | number | boolean | null>;
}

export type AuthMethod = 'MS-CHAP-v2' | 'MS-CHAP' | 'CHAP-MD5' | 'PAP' | 'EAP' | 'CHAP';

export interface SessionAuth {
  result: 'success' | 'failure' | 'none';
  method: AuthMethod | null;
  /** MS-CHAP error: 691 bad credentials, 649 no dial-in permission, 648 expired... */
  errorCode: number | null;
  message: string | null;
  /** Peer (server side) or our (client side) user name when the log names it. */
  user: string | null;
}

/** One PPP link: from "Connect:" (or the first line of the pppd process) to its end. */
export interface PppSession {
  id: string;
  host: string | null;
  pid: number | null;
  source: string;
  role: 'server' | 'client' | 'unknown';
  pppdVersion: string | null;
  iface: string | null;
  device: string | null;
  /** The far end: calling number (pptpd hands the client's IP) or the server dialled. */
  peer: string | null;
  localIp: string | null;
  remoteIp: string | null;
  /** DNS servers the peer handed out ("primary DNS address", "secondary DNS address"). */
  dns: string[];
  auth: SessionAuth;
  mppe: { bits: 40 | 56 | 128 | null; stateless: boolean | null; text: string } | null;
  compression: string[];
  start: number | null;
  end: number | null;
  /** pppd's "Connect time N minutes." (the last one printed). */
  connectMinutes: number | null;
  sentBytes: number | null;
  receivedBytes: number | null;
  /** Whether the IP layer came up (local/remote IP logged). */
  ipUp: boolean;
  termination: string | null;
  errors: Array<{ kind: LogErrorKind; message: string; source: string; lineNo: number }>;
  /** First and last line numbers in the source. */
  firstLine: number;
  lastLine: number;
}

export type LogErrorKind =
  | 'lcp-timeout'
  | 'ncp-timeout'
  | 'echo-failure'
  | 'link-disconnected'
  | 'mppe-refused'
  | 'mppe-failed'
  | 'mppe-unavailable'
  | 'auth-failure'
  | 'peer-refused-auth'
  | 'ctrl-error'
  | 'gre-error'
  | 'gre-loss';

/** A pptpd control connection ("CTRL: Client X control connection started ... finished"). */
export interface ControlConnection {
  host: string | null;
  pid: number | null;
  client: string | null;
  start: number | null;
  end: number | null;
  /** pppd pids this control connection launched (CTRL: Reaping child PPP[pid]). */
  pppPids: number[];
  errors: string[];
}

export interface FlapReport {
  windowMinutes: number;
  threshold: number;
  /** Per peer (or host when the peer is unknown): the most sessions started in one window. */
  groups: Array<{ key: string; sessions: number; maxInWindow: number; windowStart: number | null }>;
  flapping: boolean;
}

export interface LogsReport {
  sessions: PppSession[];
  controlConnections: ControlConnection[];
  errorsByKind: Partial<Record<LogErrorKind, number>>;
  /** MS-CHAP error codes with counts ("691": 3). */
  authErrorCodes: Record<string, number>;
  flapping: FlapReport;
  encryption: {
    sessionsWithMppe: number;
    sessionsUpWithoutMppe: number;
    strongest: number | null;
    weakest: number | null;
    statefulSessions: number;
  };
  lineCount: number;
  pppLineCount: number;
}
