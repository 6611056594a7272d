import type { PingEvent, PingRun, PingSummary } from '../model/ping';

// Formats of iputils ping (20161105 … 20240905). Names are matched loosely ("icmp_req" was the
// spelling before 2015) but numbers strictly: a line that does not fit goes to `unparsed`.
// With -I, iputils names the source and the interface: "PING a (a) from 10.0.0.2 ppp0: 1472(1500) bytes of data."
const HEADER_V4 = /^PING (\S+) \(([^)]+)\)(?: from \S+ \S+:)? (\d+)\((\d+)\) bytes of data\.$/;
// IPv6: "PING ::1(::1) 56 data bytes" or "PING name(name (addr)) 56 data bytes".
const HEADER_V6 = /^PING (\S+?) ?\((?:\S+ \()?([0-9A-Fa-f:.%\w-]+)\)?\)(?: from \S+ \S+:)? (\d+) data bytes$/;
const REPLY =
  /^(\d+) bytes from (?:(\S+) \(([^)]+)\)|(\S+?)):? icmp_(?:seq|req)=(\d+)(?: ident=\d+)?(?: ttl=(\d+))?(?: time[=<]([\d.]+) ms)?(.*)$/;
const FROM_ERROR = /^From (?:(\S+) \(([^)]+)\)|(\S+?)):? icmp_(?:seq|req)=(\d+) (.+)$/;
const LOCAL_ERROR = /^ping: (local error: .+|sendmsg: .+|sendto: .+)$/;
const NO_ANSWER = /^no answer yet for icmp_seq=(\d+)$/;
const STATS_TITLE = /^--- (.+) ping statistics ---$/;
const COUNTS =
  /^(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+(\d+) duplicates)?(?:, \+(\d+) errors)?, ([\d.]+)% packet loss(?:, time (\d+)ms)?$/;
// "..., pipe 3" when replies overlapped (RTT > interval), "..., ipg/ewma a/b ms" for flood pings.
const RTT =
  /^(?:rtt|round-trip) min\/avg\/max(?:\/(?:mdev|stddev))? = ([\d.]+)\/([\d.]+)\/([\d.]+)(?:\/([\d.]+))? ms(?:, pipe \d+)?(?:, ipg\/ewma [\d.]+\/[\d.]+ ms)?$/;
const MTU_IN_TEXT = /mtu\s*[=:]\s*(\d+)/i;

function mtuOf(text: string): number | null {
  const m = MTU_IN_TEXT.exec(text);
  return m?.[1] ? Number(m[1]) : null;
}

/** Parses the complete text of one `ping` run (stdout and stderr interleaved is fine). */
export function parsePing(text: string): PingRun {
  const run: PingRun = {
    target: null,
    address: null,
    family: null,
    payloadBytes: null,
    events: [],
    summary: null,
    unparsed: [],
    warnings: [],
  };
  let counts: Omit<PingSummary, 'rtt'> | null = null;
  let rtt: PingSummary['rtt'] = null;

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = HEADER_V4.exec(line))) {
      run.target = m[1] ?? null;
      run.address = m[2] ?? null;
      run.family = 'inet';
      run.payloadBytes = Number(m[3]);
    } else if ((m = HEADER_V6.exec(line))) {
      run.target = m[1] ?? null;
      run.address = m[2] ?? null;
      run.family = 'inet6';
      run.payloadBytes = Number(m[3]);
    } else if ((m = REPLY.exec(line))) {
      const rest = m[8] ?? '';
      const event: PingEvent = {
        kind: 'reply',
        bytes: Number(m[1]),
        from: m[3] ?? m[4] ?? m[2] ?? '',
        seq: Number(m[5]),
        ttl: m[6] !== undefined ? Number(m[6]) : null,
        rttMs: m[7] !== undefined ? Number(m[7]) : null,
        duplicate: rest.includes('(DUP!)'),
      };
      run.events.push(event);
      if (/BAD CHECKSUM|truncated|wrong data byte/i.test(rest)) {
        run.warnings.push(`icmp_seq=${event.seq}: ${rest.trim()}`);
      }
    } else if ((m = FROM_ERROR.exec(line))) {
      const reason = (m[5] ?? '').trim();
      run.events.push({
        kind: 'icmp-error',
        from: m[2] ?? m[3] ?? m[1] ?? '',
        seq: Number(m[4]),
        reason,
        mtu: mtuOf(reason),
      });
    } else if ((m = LOCAL_ERROR.exec(line))) {
      const message = m[1] ?? line;
      run.events.push({ kind: 'local-error', message, mtu: mtuOf(message) });
    } else if ((m = NO_ANSWER.exec(line))) {
      run.events.push({ kind: 'no-answer', seq: Number(m[1]) });
    } else if ((m = STATS_TITLE.exec(line))) {
      run.target ??= m[1] ?? null;
    } else if ((m = COUNTS.exec(line))) {
      counts = {
        transmitted: Number(m[1]),
        received: Number(m[2]),
        duplicates: m[3] ? Number(m[3]) : 0,
        errors: m[4] ? Number(m[4]) : 0,
        lossPercent: Number(m[5]),
        timeMs: m[6] ? Number(m[6]) : null,
      };
    } else if ((m = RTT.exec(line))) {
      rtt = {
        minMs: Number(m[1]),
        avgMs: Number(m[2]),
        maxMs: Number(m[3]),
        mdevMs: m[4] !== undefined ? Number(m[4]) : 0,
      };
    } else if (/^WARNING:/.test(line) || /^ping: /.test(line) || /^ai->/.test(line)) {
      run.warnings.push(line);
    } else if (/^pipe \d+$/.test(line)) {
      // Informational: how many requests were in flight at most.
    } else {
      run.unparsed.push(line);
    }
  }
  if (counts) run.summary = { ...counts, rtt };
  return run;
}

/** One run of a file holding several, with where it starts in that file. */
export interface PingRunSlice {
  run: PingRun;
  /** 1-based line of the file where the run's text starts. */
  startLine: number;
  text: string;
}

/**
 * Splits a file holding several `ping` runs (appended one after the other, as engineers send
 * them) at each "PING ..." header, so each run keeps its own statistics: merging them would
 * put "received 0, loss 100 %" of one run beside the RTTs of another. Lines before the first
 * header (a "ping: unknown host" error) belong to the first run. A file without any header is
 * one run.
 */
export function splitPingRuns(text: string): PingRunSlice[] {
  const lines = text.split(/\r?\n/);
  const starts: number[] = [];
  lines.forEach((l, i) => {
    const t = l.trim();
    if (HEADER_V4.test(t) || HEADER_V6.test(t)) starts.push(i);
  });
  if (starts.length <= 1) return [{ run: parsePing(text), startLine: 1, text }];
  starts[0] = 0;
  return starts.map((start, n) => {
    const chunk = lines.slice(start, starts[n + 1] ?? lines.length).join('\n');
    return { run: parsePing(chunk), startLine: start + 1, text: chunk };
  });
}

/** Every run of the file, in order (see splitPingRuns). */
export function parsePingRuns(text: string): PingRun[] {
  return splitPingRuns(text).map((s) => s.run);
}
