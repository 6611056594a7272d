import { describe, expect, it } from 'vitest';
import { parseJournalJson, parseLogText, parseSyslog } from '../../../../shared/parsers/logLines';
import { classifyPppLine } from '../../../../shared/parsers/pppLog';
import type { LogLine } from '../../../../shared/model/logs';
import { readFixture } from './readFixture';

const pppd = (message: string): LogLine => ({
  time: null,
  host: null,
  program: 'pppd',
  pid: 1,
  message,
  source: 't',
  lineNo: 1,
});
const pptpd = (message: string): LogLine => ({ ...pppd(message), program: 'pptpd' });

describe('log line parsers', () => {
  it('reads rsyslog ISO-8601 lines with microseconds (lab syslog)', () => {
    const log = parseSyslog(readFixture('lab/healthy/syslog.txt'), {
      source: 'syslog',
      year: 2026,
    });
    expect(log.format).toBe('syslog-iso');
    expect(log.unparsed).toEqual([]);
    expect(log.lines[2]).toEqual({
      time: Date.parse('2026-11-24T08:31:27.742Z'),
      host: 'pptp-lab',
      program: 'pptpd',
      pid: 779,
      message: 'MGR: Maximum of 100 connections reduced to 11, not enough IP addresses given',
      source: 'syslog',
      lineNo: 3,
    });
  });

  it('reads RFC 3164 lines with the year supplied by the caller', () => {
    const log = parseSyslog(readFixture('logs/rfc3164-cleartext-syslog.log'), {
      source: 'messages',
      year: 2026,
    });
    expect(log.format).toBe('syslog-rfc3164');
    expect(log.unparsed).toEqual([]);
    expect(log.lines[0]).toMatchObject({
      host: 'vm',
      program: 'pptpd',
      pid: 777,
      time: Date.UTC(2026, 10, 24, 8, 39, 14),
    });
  });

  it('reads a pppd logfile (no prefix) as pppd lines without time', () => {
    const log = parseLogText(readFixture('lab/healthy/server-pppd.log'), {
      source: 'server-pppd.log',
      year: 2026,
    });
    expect(log.format).toBe('pppd-logfile');
    expect(log.unparsed).toEqual([]);
    expect(log.lines.every((l) => l.program === 'pppd' && l.time === null)).toBe(true);
  });

  it('reads journalctl -o json, preferring SYSLOG_PID over the relay pid', () => {
    const log = parseJournalJson(readFixture('logs/journal-healthy-pppd.jsonl'));
    expect(log.format).toBe('journal-json');
    expect(log.unparsed).toEqual([]);
    expect(log.lines[0]).toMatchObject({
      program: 'pppd',
      pid: 796,
      host: 'vm',
      message: 'pppd 2.4.9 started by root, uid 0',
    });
    expect(log.lines[0]?.time).toBe(1795509510807);
    expect(
      parseLogText(readFixture('logs/journal-healthy-pptpd.jsonl'), { source: 'j', year: 2026 })
        .lines[0]?.program,
    ).toBe('pptpd');
  });

  it('keeps broken and binary journal entries safe', () => {
    const log = parseJournalJson(
      '{"MESSAGE":[77,80,80,69,255],"SYSLOG_IDENTIFIER":"pppd"}\nnot json\n{"x":1}\n',
    );
    expect(log.lines[0]?.message).toBe('MPPE\uFFFD');
    expect(log.unparsed.map((u) => u.lineNo)).toEqual([2, 3]);
  });
});

describe('pppd / pptpd message classification', () => {
  it.each([
    ['pppd 2.5.1 started by root, uid 0', 'start', { version: '2.5.1' }],
    ['MPPE 128-bit stateless compression enabled', 'mppe', { bits: 128, stateless: true }],
    ['MPPE 40-bit stateful compression enabled', 'mppe', { bits: 40, stateless: false }],
    ['Deflate (15) compression enabled', 'compression', { method: 'Deflate (15)' }],
    ['LCP: timeout sending Config-Requests', 'lcp-timeout', {}],
    ['IPCP: timeout sending Config-Requests', 'ncp-timeout', { protocol: 'IPCP' }],
    ['No response to 4 echo-requests', 'echo-failure', { count: 4 }],
    ['Serial link appears to be disconnected.', 'link-disconnected', {}],
    ['MPPE required but peer refused', 'mppe-refused', {}],
    ['MPPE required but peer negotiation failed', 'mppe-failed', {}],
    ['MPPE required but not available in kernel', 'mppe-unavailable', {}],
    ['MS-CHAP authentication failed: E=691 Authentication failure', 'auth-fail', { code: 691 }],
    ['CHAP authentication failed', 'auth-fail', {}],
    ['Peer labuser failed CHAP authentication', 'auth-fail', { user: 'labuser', side: 'server' }],
    [
      'CHAP peer authentication succeeded for labuser',
      'auth-ok',
      { user: 'labuser', side: 'server' },
    ],
    ['PAP peer authentication succeeded for npi', 'auth-ok', { protocol: 'PAP' }],
    ['peer from calling number 10.47.0.2 authorized', 'peer', { address: '10.47.0.2' }],
    ['Connect time 1.2 minutes.', 'connect-time', { minutes: 1.2 }],
    ['Sent 1234 bytes, received 5678 bytes.', 'bytes', { sent: 1234, received: 5678 }],
    [
      'LCP terminated by peer (User request)',
      'terminate',
      { reason: 'LCP terminated by peer (User request)' },
    ],
    ['local  IP address 192.168.47.1', 'local-ip', { address: '192.168.47.1' }],
  ])('pppd: %s', (message, kind, data) => {
    const e = classifyPppLine(pppd(message));
    expect(e?.kind).toBe(kind);
    expect(e?.data).toMatchObject(data);
  });

  it.each([
    ['CTRL: Client 10.47.0.2 control connection started', 'ctrl-start'],
    ['CTRL: Client 10.47.0.2 control connection finished', 'ctrl-finish'],
    ['CTRL: Reaping child PPP[823]', 'ctrl-reap'],
    ['CTRL: EOF or bad error reading ctrl packet length.', 'ctrl-error'],
    ['CTRL: Session timed out, ending call', 'ctrl-error'],
    [
      'GRE: read(fd=6,buffer=6040a0,len=8196) from network failed: status = -1 error = Protocol not available',
      'gre-error',
    ],
    ['GRE: discarding duplicate or old packet #12 (expecting #13)', 'gre-error'],
    ['MGR: No free connection slots or IPs - no more clients can connect!', 'ctrl-error'],
  ])('pptpd: %s', (message, kind) => {
    expect(classifyPppLine(pptpd(message))?.kind).toBe(kind);
  });

  it('ignores pptpd debug chatter, other programs and look-alike text', () => {
    expect(classifyPppLine(pptpd('CTRL: Made a ECHO RPLY packet'))).toBeNull();
    expect(
      classifyPppLine({ ...pppd('MPPE required but peer refused'), program: 'kernel' }),
    ).toBeNull();
    expect(classifyPppLine(pppd('x MPPE required but peer refused'))).toBeNull();
  });
});
