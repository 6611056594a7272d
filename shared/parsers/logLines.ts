import type { LogLine, ParsedLog } from '../model/logs';

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

// "2026-11-24T08:31:27.742350+00:00 host prog[pid]: message" (rsyslog RFC 5424 time format)
const ISO =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?) (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/;
// "Nov 24 08:31:27 host prog[pid]: message" (RFC 3164; day padded with a space)
const BSD =
  /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/;

// OpenWrt's `logread` (ubox logd): "Mon Oct 23 17:02:35 2017 daemon.info pppd[8040]: message",
// weekday and year present, facility.level instead of a host name.
const LOGREAD =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) ([a-z0-9]+\.[a-z]+) ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/;

export interface SyslogOptions {
  source: string;
  /** RFC 3164 lines carry no year: the year to assume (the auditor's clock). */
  year: number;
  /** Program to assume for a bare pppd `logfile` (lines without a syslog prefix). */
  bareProgram?: string;
}

/** Milliseconds since the epoch from an ISO-8601 time with fractional seconds of any length. */
function isoToMs(text: string): number | null {
  // Date.parse accepts only 3 fractional digits everywhere; trim microseconds.
  const normalised = text.replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Parses syslog files (/var/log/syslog, messages, daemon.log, ppp-errors.log) in RFC 3164
 * or ISO-8601 form, OpenWrt `logread` output, and pppd `logfile`s whose lines have no prefix at all. Each line is
 * classified on its own, so a file that mixes forms (rotation across a config change) works.
 */
export function parseSyslog(text: string, options: SyslogOptions): ParsedLog {
  const lines: LogLine[] = [];
  const unparsed: ParsedLog['unparsed'] = [];
  let iso = 0;
  let bsd = 0;
  let bare = 0;
  let logread = 0;
  const rows = text.split(/\r?\n/);
  // A file in which no line has a syslog prefix is a pppd `logfile`: every line is pppd's,
  // including the ones we have no pattern for ("Waiting for 1 child processes...").
  const bareProgram =
    options.bareProgram ?? (rows.some((r) => ISO.test(r) || BSD.test(r) || LOGREAD.test(r)) ? undefined : 'pppd');
  rows.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') return;
    let m: RegExpExecArray | null;
    if ((m = ISO.exec(raw))) {
      iso++;
      lines.push({
        time: isoToMs(m[1] as string),
        host: m[2] as string,
        program: m[3] as string,
        pid: m[4] ? Number(m[4]) : null,
        message: m[5] as string,
        source: options.source,
        lineNo,
      });
    } else if ((m = LOGREAD.exec(raw)) && MONTHS[m[1] as string] !== undefined) {
      logread++;
      lines.push({
        time: Date.UTC(Number(m[6]), MONTHS[m[1] as string] as number, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])),
        host: null,
        program: m[8] as string,
        pid: m[9] ? Number(m[9]) : null,
        message: m[10] as string,
        source: options.source,
        lineNo,
      });
    } else if ((m = BSD.exec(raw)) && MONTHS[m[1] as string] !== undefined) {
      bsd++;
      const time = Date.UTC(
        options.year,
        MONTHS[m[1] as string] as number,
        Number(m[2]),
        Number(m[3]),
        Number(m[4]),
        Number(m[5]),
      );
      lines.push({
        time,
        host: m[6] as string,
        program: m[7] as string,
        pid: m[8] ? Number(m[8]) : null,
        message: m[9] as string,
        source: options.source,
        lineNo,
      });
    } else if (bareProgram !== undefined || looksLikePppd(raw)) {
      bare++;
      lines.push({
        time: null,
        host: null,
        program: bareProgram ?? 'pppd',
        pid: null,
        message: raw.trim(),
        source: options.source,
        lineNo,
      });
    } else {
      unparsed.push({ lineNo, text: raw.slice(0, 500) });
    }
  });
  const format: ParsedLog['format'] =
    lines.length === 0
      ? 'empty'
      : logread > iso && logread >= bsd && logread >= bare
        ? 'openwrt-logread'
        : iso >= bsd && iso >= bare
        ? 'syslog-iso'
        : bsd >= bare
          ? 'syslog-rfc3164'
          : 'pppd-logfile';
  return { format, lines, unparsed };
}

/** Which syslog form a line has: ISO (rsyslog), RFC 3164, OpenWrt logread, or none. */
export function syslogLineForm(raw: string): 'syslog-iso' | 'syslog-rfc3164' | 'openwrt-logread' | null {
  if (ISO.test(raw)) return 'syslog-iso';
  const l = LOGREAD.exec(raw);
  if (l && MONTHS[l[1] as string] !== undefined) return 'openwrt-logread';
  const b = BSD.exec(raw);
  if (b && MONTHS[b[1] as string] !== undefined) return 'syslog-rfc3164';
  return null;
}

/** A line pppd writes to its own logfile (no syslog prefix). */
export function looksLikePppd(raw: string): boolean {
  return /^(?:sent|rcvd) \[|^(?:Using interface|Connect:|Connect time|Sent \d+ bytes|local  IP|remote IP|MPPE |CHAP |MS-CHAP|PAP |LCP|No response to|Serial link|Terminating|Connection terminated|Modem hangup|pppd \d|using channel|peer from calling|Exit\.|Child process|Script |Hangup|Plugin |Remote message:|Unsupported protocol|local  LL|remote LL|Peer |Deflate|BSD-Compress|Too many MPPE|Lost compression|(?:primary|secondary)\s+DNS address)/.test(
    raw.trim(),
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `journalctl -o json` (one JSON object per line). MESSAGE is a string, or an array of bytes
 * when it was not valid UTF-8; __REALTIME_TIMESTAMP is microseconds as a decimal string.
 */
export function parseJournalJson(text: string, source = 'journal'): ParsedLog {
  const lines: LogLine[] = [];
  const unparsed: ParsedLog['unparsed'] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let entry: Json;
    try {
      entry = JSON.parse(trimmed) as Json;
    } catch {
      unparsed.push({ lineNo, text: trimmed.slice(0, 500) });
      return;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      unparsed.push({ lineNo, text: trimmed.slice(0, 500) });
      return;
    }
    const message = journalMessage(entry.MESSAGE);
    if (message === null) {
      unparsed.push({ lineNo, text: trimmed.slice(0, 500) });
      return;
    }
    const micros =
      typeof entry.__REALTIME_TIMESTAMP === 'string' ? entry.__REALTIME_TIMESTAMP : null;
    // SYSLOG_PID is the pid the program logged under; _PID is the sender of the datagram. They
    // are equal for a daemon that calls syslog() itself, and SYSLOG_PID is right for relays.
    const pidText =
      typeof entry.SYSLOG_PID === 'string'
        ? entry.SYSLOG_PID
        : typeof entry._PID === 'string'
          ? entry._PID
          : null;
    const program =
      typeof entry.SYSLOG_IDENTIFIER === 'string'
        ? entry.SYSLOG_IDENTIFIER
        : typeof entry._COMM === 'string'
          ? entry._COMM
          : null;
    lines.push({
      time: micros && /^\d+$/.test(micros) ? Math.floor(Number(micros) / 1000) : null,
      host: typeof entry._HOSTNAME === 'string' ? entry._HOSTNAME : null,
      program,
      pid: pidText && /^\d+$/.test(pidText) ? Number(pidText) : null,
      message,
      source,
      lineNo,
    });
  });
  return {
    format: lines.length === 0 && unparsed.length === 0 ? 'empty' : 'journal-json',
    lines,
    unparsed,
  };
}

function journalMessage(value: Json | undefined): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((b) => typeof b === 'number')) {
    // Bytes that were not valid UTF-8: keep them readable, replace what is not ASCII.
    return (value as number[])
      .map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '\uFFFD'))
      .join('');
  }
  return null;
}

/** Chooses the parser from the content: JSON lines go to the journal parser. */
export function parseLogText(text: string, options: SyslogOptions): ParsedLog {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '');
  if (first !== undefined && first.trim().startsWith('{'))
    return parseJournalJson(text, options.source);
  return parseSyslog(text, options);
}
