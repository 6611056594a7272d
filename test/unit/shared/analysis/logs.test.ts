import { describe, expect, it } from 'vitest';
import { flapping, logsReport } from '../../../../shared/analysis/logsSessions';
import { parseLogText } from '../../../../shared/parsers/logLines';
import type { LogLine, PppSession } from '../../../../shared/model/logs';
import { readFixture } from '../parsers/readFixture';

const lines = (path: string) => parseLogText(readFixture(path), { source: path, year: 2026 }).lines;

describe('sessions from real lab logs (pppd 2.4.9, pptpd 1.4.0)', () => {
  it('healthy syslog: client and server session, MS-CHAPv2, MPPE 128 stateless, bytes and time', () => {
    const report = logsReport(lines('lab/healthy/syslog.txt'));
    expect(report.sessions).toHaveLength(2);
    const [client, server] = report.sessions as [PppSession, PppSession];
    expect(client).toMatchObject({
      role: 'client',
      pid: 796,
      iface: 'ppp0',
      peer: '10.47.0.1',
      localIp: '192.168.47.10',
      remoteIp: '192.168.47.1',
      auth: { result: 'success', method: 'MS-CHAP-v2' },
      mppe: { bits: 128, stateless: true },
      connectMinutes: 0.4,
      sentBytes: 32940,
      receivedBytes: 32940,
      termination: 'signal 15',
      pppdVersion: '2.4.9',
    });
    expect(server).toMatchObject({
      role: 'server',
      pid: 823,
      peer: '10.47.0.2',
      localIp: '192.168.47.1',
      auth: { result: 'success' },
    });
    expect(report.controlConnections).toEqual([
      expect.objectContaining({ pid: 817, client: '10.47.0.2', pppPids: [823], errors: [] }),
    ]);
    expect(report.errorsByKind).toEqual({});
    expect(report.encryption).toEqual({
      sessionsWithMppe: 2,
      sessionsUpWithoutMppe: 0,
      strongest: 128,
      weakest: 128,
      statefulSessions: 0,
    });
    expect(report.flapping.flapping).toBe(false);
  });

  it('cleartext scenario: IP up without MPPE, ended by the peer', () => {
    const report = logsReport(lines('lab/cleartext/syslog.txt'));
    expect(report.encryption.sessionsWithMppe).toBe(0);
    expect(report.encryption.sessionsUpWithoutMppe).toBe(2);
    const server = report.sessions.find((s) => s.role === 'server');
    expect(server?.termination).toMatch(/LCP terminated by peer \(User request\)|signal 15/);
  });

  it('the same session from the pppd logfile, the RFC 3164 file and the journal agree', () => {
    const fromLogfile = logsReport(lines('lab/healthy/server-pppd.log')).sessions;
    expect(fromLogfile).toHaveLength(1);
    expect(fromLogfile[0]).toMatchObject({
      iface: 'ppp0',
      peer: '10.47.0.2',
      remoteIp: '192.168.47.10',
      mppe: { bits: 128 },
      start: null,
    });
    const journal = logsReport([
      ...lines('logs/journal-healthy-pppd.jsonl'),
      ...lines('logs/journal-healthy-pptpd.jsonl'),
    ]);
    expect(journal.sessions.map((s) => [s.pid, s.role, s.mppe?.bits])).toEqual([
      [796, 'client', 128],
      [823, 'server', 128],
    ]);
    const rfc = logsReport(lines('logs/rfc3164-cleartext-syslog.log'));
    expect(rfc.sessions).toHaveLength(2);
    expect(rfc.encryption.sessionsUpWithoutMppe).toBe(2);
  });
});

/** pppd 2.5 wording as printed by pppd/lcp.c, ccp.c, chap_ms.c, main.c (one pppd process per list). */
function synthetic(pid: number, startIso: string, messages: string[]): LogLine[] {
  const t0 = Date.parse(startIso);
  return messages.map((message, i) => ({
    time: t0 + i * 1000,
    host: 'gw',
    program: 'pppd',
    pid,
    message,
    source: 's',
    lineNo: i + 1,
  }));
}

describe('failure scenarios in pppd 2.5 wording', () => {
  it('MS-CHAPv2 E=691 on the client side counts one auth failure with its code', () => {
    const report = logsReport(
      synthetic(10, '2026-01-01T00:00:00Z', [
        'pppd 2.5.1 started by root, uid 0',
        'Using interface ppp0',
        'Connect: ppp0 <--> /dev/pts/0',
        'MS-CHAP authentication failed: E=691 Authentication failure',
        'CHAP authentication failed',
        'Connection terminated.',
        'Exit.',
      ]),
    );
    expect(report.sessions[0]?.auth).toMatchObject({
      result: 'failure',
      method: 'MS-CHAP',
      errorCode: 691,
    });
    expect(report.errorsByKind).toEqual({ 'auth-failure': 1 });
    expect(report.authErrorCodes).toEqual({ '691': 1 });
    expect(report.sessions[0]?.termination).toBe('authentication failed');
  });

  it('GRE blocked: LCP timeout is the termination cause', () => {
    const report = logsReport(
      synthetic(11, '2026-01-01T00:00:00Z', [
        'Connect: ppp0 <--> /dev/pts/1',
        'LCP: timeout sending Config-Requests',
        'Connection terminated.',
        'Modem hangup',
      ]),
    );
    expect(report.sessions[0]?.termination).toMatch(/^LCP: timeout/);
    expect(report.errorsByKind).toEqual({ 'lcp-timeout': 1 });
  });

  it('MPPE refused and echo failures are counted by kind', () => {
    const report = logsReport([
      ...synthetic(12, '2026-01-01T00:00:00Z', [
        'Connect: ppp0 <--> /dev/pts/1',
        'MPPE required but peer refused',
        'Connection terminated.',
      ]),
      ...synthetic(13, '2026-01-01T00:01:00Z', [
        'Connect: ppp1 <--> /dev/pts/2',
        'No response to 4 echo-requests',
        'Serial link appears to be disconnected.',
        'Connect time 1.2 minutes.',
        'Connection terminated.',
      ]),
    ]);
    expect(report.errorsByKind).toEqual({
      'mppe-refused': 1,
      'echo-failure': 1,
      'link-disconnected': 1,
    });
    expect(report.sessions[1]?.termination).toBe('peer stopped answering LCP echo-requests');
    expect(report.sessions[1]?.connectMinutes).toBe(1.2);
  });

  it('pppd persist: several Connect: in one process are separate sessions; flapping is counted per window', () => {
    const msgs: string[] = [];
    for (let i = 0; i < 4; i++)
      msgs.push(
        'Connect: ppp0 <--> /dev/pts/1',
        'peer from calling number 203.0.113.9 authorized',
        'No response to 3 echo-requests',
        'Connection terminated.',
      );
    const report = logsReport(synthetic(14, '2026-01-01T00:00:00Z', msgs));
    expect(report.sessions).toHaveLength(4);
    expect(report.flapping.flapping).toBe(true);
    expect(report.flapping.groups[0]).toMatchObject({
      key: '203.0.113.9',
      sessions: 4,
      maxInWindow: 4,
    });
    expect(flapping(report.sessions, 10, 5).flapping).toBe(false);
  });
});

describe('merging sources', () => {
  it('drops a line repeated by a second source within the tolerance, keeps real repeats', async () => {
    const { mergeLogLines } = await import('../../../../shared/analysis/logsMerge');
    const syslog = lines('lab/healthy/syslog.txt');
    const journalCopy = syslog.map((l) => ({ ...l, source: 'journal', time: (l.time ?? 0) + 400 }));
    expect(mergeLogLines([syslog, journalCopy])).toHaveLength(syslog.length);
    const later = syslog.map((l) => ({ ...l, source: 'journal', time: (l.time ?? 0) + 60_000 }));
    expect(mergeLogLines([syslog, later])).toHaveLength(syslog.length * 2);
    // "Connect time 0.4 minutes." is logged twice by the same pppd: both stay.
    const merged = mergeLogLines([syslog, journalCopy]);
    expect(
      merged.filter((l) => l.pid === 823 && l.message === 'Connect time 0.4 minutes.'),
    ).toHaveLength(2);
    const logfile = lines('lab/healthy/server-pppd.log');
    expect(mergeLogLines([logfile, logfile])).toHaveLength(logfile.length * 2);
    // pppd writes the same messages to its logfile: the server pppd's syslog lines without
    // their prefix are that logfile. Next to the syslog it adds nothing.
    const ownLogfile = syslog
      .filter((l) => l.pid === 823)
      .map((l, i) => ({
        ...l,
        time: null,
        host: null,
        pid: null,
        source: 'server-pppd.log',
        lineNo: i + 1,
      }));
    const withLogfile = mergeLogLines([syslog, ownLogfile]);
    expect(withLogfile).toHaveLength(syslog.length);
    expect(logsReport(withLogfile).sessions).toHaveLength(2);
    // The committed logfile is from another run of the scenario: its extra lines stay.
    expect(mergeLogLines([syslog, logfile]).length).toBeGreaterThan(syslog.length);
  });
});
