/**
 * Rule ppp-auth-failures on LogFacts/WireFacts (the rule's input, not tool output). The line
 * texts are pppd's own wording: "Peer %q failed CHAP authentication" (chap-new.c, as recorded in
 * test/fixtures/lab/auth-failed/syslog.txt) and "MS-CHAP authentication failed: %v" (chap_ms.c).
 * The lab records one wrong password; the repeated cases below are built from that one event.
 */
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../shared/findings/facts';
import { AUTH_FAILURE_BURST, AUTH_FAILURE_WINDOW_SECONDS } from '../../../../shared/findings/thresholds';
import { logEvent, logs, wire } from './facts.fixture';
import { detailOf, findingsOf, one, statusOf } from './helpers.fixture';

const RULE = 'ppp-auth-failures';
const T0 = Date.parse('2026-11-24T09:00:40.308Z');

/** A refused login on the server, `seconds` after T0 (null: the line carries no time). */
function refused(line: number, seconds: number | null, peer = '198.51.100.7', user = 'scada'): LogEvent {
  return logEvent('chap-failure', line, `Peer ${user} failed CHAP authentication`, {
    at: seconds === null ? null : new Date(T0 + seconds * 1000).toISOString(),
    side: 'server',
    user,
    peer,
    errorCode: 691,
  });
}

describe('rule ppp-auth-failures', () => {
  it('one refused login is a low finding that cites the line and the E= code', () => {
    const [f, ...rest] = findingsOf(one(RULE, { logs: logs([refused(43, 0)]) }), RULE);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'ppp-auth-failures:server:198.51.100.7', severity: 'low', title: 'A PPP authentication failure' });
    expect(f?.evidence).toEqual([
      { file: 'outputs/0006-logs.journal.stdout', line: 43, excerpt: 'Peer scada failed CHAP authentication [E=691, user name or password refused]' },
    ]);
    expect(f?.troubleshooting.id).toBe('auth-failures');
  });

  it(`${AUTH_FAILURE_BURST} refused logins from one peer within ${AUTH_FAILURE_WINDOW_SECONDS / 60} min are high: possible password guessing`, () => {
    const events = Array.from({ length: AUTH_FAILURE_BURST }, (_, i) => refused(100 + i, i * 30));
    const [f] = findingsOf(one(RULE, { logs: logs(events) }), RULE);
    expect(f?.severity).toBe('high');
    expect(f?.title).toMatch(/possible password guessing/);
    expect(f?.summary).toMatch(/^198\.51\.100\.7 \(as "scada"\) failed CHAP\/MS-CHAPv2 authentication 5 times, 5 of them within 10 min/);
    expect(f?.evidence.map((e) => e.line)).toEqual([100, 101, 102, 103, 104]);
    expect(f?.remediation).toMatch(/iptables -I INPUT -s <peer> -p tcp --dport 1723 -j DROP/);
  });

  it('one fewer than the burst, or the same count spread over hours, is medium (repeated, not guessing)', () => {
    const fewer = Array.from({ length: AUTH_FAILURE_BURST - 1 }, (_, i) => refused(100 + i, i * 30));
    expect(findingsOf(one(RULE, { logs: logs(fewer) }), RULE)[0]?.severity).toBe('medium');
    const spread = Array.from({ length: AUTH_FAILURE_BURST }, (_, i) => refused(100 + i, i * 3600));
    const [f] = findingsOf(one(RULE, { logs: logs(spread) }), RULE);
    expect(f?.severity).toBe('medium');
    expect(f?.summary).toMatch(/5 times \(at most 1 within 10 min\)/);
  });

  it('bursts are counted per peer: five peers failing once each are five low findings', () => {
    const events = Array.from({ length: AUTH_FAILURE_BURST }, (_, i) => refused(100 + i, i, `198.51.100.${10 + i}`));
    const found = findingsOf(one(RULE, { logs: logs(events) }), RULE);
    expect(found.map((f) => f.severity)).toEqual(['low', 'low', 'low', 'low', 'low']);
  });

  it('repeated failures on lines without times are medium and say the rate is unknown', () => {
    const events = Array.from({ length: 8 }, (_, i) => refused(10 + i, null));
    const [f] = findingsOf(one(RULE, { logs: logs(events) }), RULE);
    expect(f?.severity).toBe('medium');
    expect(f?.summary).toMatch(/rate is unknown/);
  });

  it("this host's own refused login (client side) is never called password guessing", () => {
    const own = Array.from({ length: 10 }, (_, i) =>
      logEvent('chap-failure', 10 + i, 'MS-CHAP authentication failed: Access denied', { at: new Date(T0 + i * 1000).toISOString(), side: 'client', peer: '10.47.0.1', errorCode: 691 }),
    );
    const [f] = findingsOf(one(RULE, { logs: logs(own) }), RULE);
    expect(f).toMatchObject({ id: 'ppp-auth-failures:client:10.47.0.1', severity: 'medium', title: 'This host is repeatedly refused a PPP login' });
  });

  it('from the capture alone: CHAP Failure packets, cited by packet number, grouped by the refused peer', () => {
    const packets = Array.from({ length: AUTH_FAILURE_BURST }, (_, i) => ({
      packet: 20 + i * 40,
      at: new Date(T0 + i * 20_000).toISOString(),
      from: '198.51.100.1',
      to: '192.0.2.10',
      message: 'E=691 M=Access denied',
    }));
    const [f] = findingsOf(one(RULE, { wire: wire({ authFailures: { count: packets.length, packets } }) }), RULE);
    expect(f?.severity).toBe('high');
    expect(f?.evidence[0]).toEqual({ file: 'captures/pptp.pcap', packet: 20, excerpt: 'CHAP Failure 198.51.100.1 → 192.0.2.10: "E=691 M=Access denied"' });
  });

  it('is clear when logs and capture show no failure, and not evaluated without either', () => {
    const r = one(RULE, { logs: logs([logEvent('chap-success', 5, 'CHAP peer authentication succeeded for scada')]), wire: wire({ authFailures: { count: 0, packets: [] } }) });
    expect(statusOf(r, RULE)).toBe('clear');
    expect(detailOf(r, RULE)).toBe('no CHAP/MS-CHAP failure in the logs; no CHAP Failure packet in the capture');
    expect(statusOf(one(RULE, {}), RULE)).toBe('not-evaluated');
    // Capture facts recorded before CHAP Failures were counted say nothing either way.
    expect(statusOf(one(RULE, { wire: wire() }), RULE)).toBe('not-evaluated');
  });
});
