import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessLogKind, logsFacts, type LogInput } from '../../../../shared/audit/facts/index';

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');
const input = (path: string, kind: LogInput['kind'], file = path.split('/').at(-1) as string): LogInput => ({ file, text: fixture(path), kind });
const kinds = (events: Array<{ kind: string }>) => events.map((e) => e.kind);

/**
 * pppd logfiles of the same run as the syslog, rebuilt from it: pppd writes each message to
 * syslog and, unprefixed, to its `logfile`. (The lab's own *-pppd.log files are git-ignored by
 * "*.log", so tests cannot rely on them.) One file per pppd pid, as each pppd has its own.
 */
function pppdLogfilesOf(syslog: string): Map<number, string> {
  const byPid = new Map<number, string[]>();
  for (const line of syslog.split('\n')) {
    const m = /^\S+ \S+ pppd\[(\d+)\]: (.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    byPid.set(pid, [...(byPid.get(pid) ?? []), m[2] as string]);
  }
  return new Map([...byPid].map(([pid, lines]) => [pid, `${lines.join('\n')}\n`]));
}

describe('logsFacts on the healthy lab logs', () => {
  const syslog = input('lab/healthy/syslog.txt', 'syslog');
  const logfiles: LogInput[] = [...pppdLogfilesOf(syslog.text)].map(([pid, text]) => ({ file: `pppd-${pid}.log`, text, kind: 'pppd-logfile' }));

  it('syslog alone: both pppd sessions, MS-CHAPv2, 128-bit stateless MPPE, one termination per session', () => {
    const f = logsFacts([syslog], { year: 2026 });
    expect(f.sources).toEqual(['syslog.txt']);
    expect(kinds(f.events).filter((k) => k === 'connect')).toHaveLength(2);
    expect(kinds(f.events).filter((k) => k === 'terminate')).toHaveLength(2);
    expect(kinds(f.events)).toContain('mschapv2');
    expect(kinds(f.events)).toContain('chap-success');
    const mppe = f.events.filter((e) => e.kind === 'mppe-enabled');
    expect(mppe).toHaveLength(2);
    for (const e of mppe) expect(e).toMatchObject({ bits: 128, stateless: true, file: 'syslog.txt' });
    expect(kinds(f.events)).not.toContain('lcp-timeout');
    expect(kinds(f.events)).not.toContain('mppe-required-failed');
    expect(f.spanSeconds).toBeGreaterThan(20);
  });

  it('every event cites the very line it stands for', () => {
    const lines = syslog.text.split('\n');
    for (const e of logsFacts([syslog], { year: 2026 }).events) {
      expect(lines[e.line - 1]).toContain(e.kind === 'terminate' ? e.text.replace(/ \(session ended: .*\)$/, '') : e.text);
      // The time is the line's own RFC 3339 stamp, in UTC, to the millisecond.
      expect(e.at?.slice(0, 23)).toBe(new Date((lines[e.line - 1] as string).split(' ')[0]!.replace(/(\.\d{3})\d+/, '$1')).toISOString().slice(0, 23));
    }
  });

  it('pppd logfiles next to the syslog repeat it: nothing is counted twice', () => {
    expect(logfiles).toHaveLength(2);
    const alone = logsFacts([syslog], { year: 2026 });
    const all = logsFacts([syslog, ...logfiles], { year: 2026 });
    expect(all.sources).toEqual(['syslog.txt', ...logfiles.map((l) => l.file)]);
    expect(kinds(all.events)).toEqual(kinds(alone.events));
    expect(all.events.every((e) => e.file === 'syslog.txt')).toBe(true);
  });

  it('a logfile holding lines the syslog lost keeps exactly those', () => {
    const cut = syslog.text.split('\n').filter((l) => !/pppd\[\d+\]: MPPE 128-bit stateless compression enabled$/.test(l)).join('\n');
    const f = logsFacts([{ ...syslog, text: cut }, ...logfiles], { year: 2026 });
    const mppe = f.events.filter((e) => e.kind === 'mppe-enabled');
    expect(mppe.map((e) => e.file).sort()).toEqual(logfiles.map((l) => l.file).sort());
    expect(kinds(f.events).filter((k) => k === 'terminate')).toHaveLength(2);
  });

  it('pppd logfiles alone: untimed events cited in their own file', () => {
    const f = logsFacts(logfiles, { year: 2026 });
    expect(f.spanSeconds).toBeNull();
    expect(kinds(f.events).filter((k) => k === 'terminate')).toHaveLength(2);
    expect(f.events.filter((e) => e.kind === 'mppe-enabled').map((e) => e.file).sort()).toEqual(logfiles.map((l) => l.file).sort());
    expect(f.events.every((e) => e.at === null)).toBe(true);
  });
});

describe('logsFacts on journal and RFC 3164 input', () => {
  it('journalctl -o json of pppd and pptpd', () => {
    const f = logsFacts([input('logs/journal-healthy-pppd.jsonl', 'journal-json'), input('logs/journal-healthy-pptpd.jsonl', 'journal-json')]);
    expect(kinds(f.events)).toContain('connect');
    expect(kinds(f.events)).toContain('mppe-enabled');
    expect(f.events[0]?.file).toBe('journal-healthy-pppd.jsonl');
    expect(f.events.every((e) => e.line > 0 && e.at !== null)).toBe(true);
  });

  it('RFC 3164 syslog (the lab syslog in the traditional format) takes the year given', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const traditional = fixture('lab/cleartext/syslog.txt')
      .split('\n')
      .map((l) => l.replace(/^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})\S*/, (_m, mo: string, d: string, t: string) => `${months[Number(mo) - 1]} ${String(Number(d)).padStart(2, ' ')} ${t}`))
      .join('\n');
    const f = logsFacts([{ file: 'syslog', text: traditional, kind: 'syslog' }], { year: 2031 });
    expect(kinds(f.events)).toContain('connect');
    expect(f.events.every((e) => e.at?.startsWith('2031-'))).toBe(true);
    expect(kinds(f.events)).not.toContain('mppe-enabled');
  });
});

describe('logsFacts on failure lines', () => {
  const at = (n: number) => `2026-11-24T08:00:${String(n).padStart(2, '0')}.000000+00:00 gw`;
  const text = [
    `${at(1)} pppd[10]: Connect: ppp0 <--> /dev/pts/1`,
    `${at(2)} pppd[10]: LCP: timeout sending Config-Requests`,
    `${at(3)} pppd[10]: Connection terminated.`,
    `${at(4)} pppd[11]: Connect: ppp0 <--> /dev/pts/2`,
    `${at(5)} pppd[11]: MPPE required but peer negotiation failed`,
    `${at(6)} pppd[11]: Connection terminated.`,
    `${at(7)} pppd[12]: Connect: ppp0 <--> /dev/pts/3`,
    `${at(8)} pppd[12]: MS-CHAP authentication failed: E=691 Authentication failure`,
    `${at(9)} pppd[12]: No CHAP secret found for authenticating labuser`,
    `${at(10)} pppd[12]: Modem hangup`,
    `${at(11)} pppd[12]: Connection terminated.`,
    `${at(12)} pppd[13]: MPPE required but peer refused`,
    `${at(13)} rasclient: Error 619: A connection to the remote computer could not be established`,
    `${at(14)} kernel: [  1.0] ppp_generic: something else`,
  ].join('\n');

  it('maps each failure to its kind and line; soft "no secret" lines are not handshake failures', () => {
    const f = logsFacts([{ file: 'log/syslog', text, kind: 'syslog' }]);
    const byKind = (k: string) => f.events.filter((e) => e.kind === k).map((e) => e.line);
    expect(byKind('lcp-timeout')).toEqual([2]);
    expect(byKind('mppe-required-failed')).toEqual([5, 12]);
    expect(byKind('chap-failure')).toEqual([8]);
    expect(byKind('error-619')).toEqual([13]);
    expect(byKind('connect')).toEqual([1, 4, 7]);
    // One per session; pppd 12 ended with "Modem hangup" (weak) then "Connection terminated.":
    // cited once; pppd 13 ended on the MPPE refusal without a closing line: its last line.
    expect(byKind('terminate')).toEqual([3, 6, 10, 12]);
  });

  it('a long log (200 000 lines, 1 500 sessions) is read without exhausting the stack', () => {
    const base = fixture('lab/healthy/syslog.txt').trim().split('\n');
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) for (const l of base) lines.push(l.replace(/\[(\d+)\]/, (_m, p: string) => `[${Number(p) + i * 1000}]`));
    const f = logsFacts([{ file: 'syslog', text: lines.join('\n'), kind: 'syslog' }], { year: 2026 });
    expect(f.events.filter((e) => e.kind === 'terminate')).toHaveLength(3000);
  });

  it('hostile input gives no event and no crash', () => {
    const f = logsFacts([
      { file: 'a', text: '\u0000\u0001 garbage\n{"MESSAGE": [1,2,300]}\n', kind: 'journal-json' },
      { file: 'b', text: 'x'.repeat(100_000), kind: 'syslog' },
      { file: 'c', text: '', kind: 'pppd-logfile' },
    ]);
    expect(f.events).toEqual([]);
    expect(f.spanSeconds).toBeNull();
    expect(f.sources).toEqual(['a', 'b', 'c']);
  });
});

describe('guessLogKind', () => {
  it('tells journal JSON, syslog (ISO and RFC 3164) and bare pppd logfiles apart', () => {
    expect(guessLogKind(fixture('logs/journal-healthy-pppd.jsonl'))).toBe('journal-json');
    expect(guessLogKind(fixture('lab/healthy/syslog.txt'))).toBe('syslog');
    expect(guessLogKind('Nov 24 08:39:14 vm pptpd[777]: MGR: Manager process started\nNov 24 08:39:15 vm pppd[9]: Exit.\n')).toBe('syslog');
    expect(guessLogKind([...pppdLogfilesOf(fixture('lab/healthy/syslog.txt')).values()][0] as string)).toBe('pppd-logfile');
    expect(guessLogKind('')).toBe('pppd-logfile');
  });
});
