/**
 * The failure events the rules ppp-auth-failures and gre-blockage read: one chap-failure per
 * refused pppd session (not per line), with who was refused and by whom, and echo-failure.
 * On the recorded lab syslogs first; forms the lab did not record are quoted from pppd's
 * format strings (said where).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logsFacts } from '../../../../shared/audit/facts/index';

const syslogOf = (scenario: string) => readFileSync(new URL(`../../../fixtures/lab/${scenario}/syslog.txt`, import.meta.url), 'utf8');
const factsOf = (text: string) => logsFacts([{ file: 'syslog.txt', text, kind: 'syslog' }], { year: 2026 });

describe('logsFacts: CHAP/MS-CHAPv2 failures, one per refused session', () => {
  it('the lab auth-failed run (3 failure lines, 2 pppd sessions) gives 2 events: the server refusing, the client refused', () => {
    const text = syslogOf('auth-failed');
    const lines = text.split('\n');
    expect(lines.filter((l) => /failed CHAP authentication|authentication failed/.test(l))).toHaveLength(3);
    const failures = factsOf(text).events.filter((e) => e.kind === 'chap-failure');
    expect(failures).toEqual([
      // pppd[804], launched by pptpd[794] for "CTRL: Client 10.47.0.2 control connection started".
      { kind: 'chap-failure', file: 'syslog.txt', line: 43, text: 'Peer labuser failed CHAP authentication', at: '2026-11-24T09:00:40.308Z', side: 'server', user: 'labuser', peer: '10.47.0.2', errorCode: 691 },
      // pppd[776], the lab's client, dialled 10.47.0.1; its "CHAP authentication failed" right
      // after is the same refusal. E=691 is only in the debug line of the CHAP Failure packet.
      { kind: 'chap-failure', file: 'syslog.txt', line: 46, text: 'MS-CHAP authentication failed: Access denied', at: '2026-11-24T09:00:40.309Z', side: 'client', peer: '10.47.0.1', errorCode: 691 },
    ]);
    expect(lines[42]).toMatch(/pppd\[804\]: Peer labuser failed CHAP authentication$/);
    expect(lines[45]).toMatch(/pppd\[776\]: MS-CHAP authentication failed: Access denied$/);
  });

  it('a redialling client refused twice (CHAP-MD5 wording) counts two refusals, not four lines', () => {
    // Not recorded by the lab (MS-CHAPv2 only, no redial on failure): the lines are pppd's own
    // format strings, chap-new.c chap_handle_status: info("%s: %.*v", "CHAP authentication failed",
    // ...) then error("CHAP authentication failed"); "Connect: %s <--> %s" is main.c's.
    const at = (s: number) => `2026-11-24T10:00:${String(s).padStart(2, '0')}.000000+00:00 rtu`;
    const text = [
      `${at(1)} pppd[900]: Connect: ppp0 <--> /dev/pts/0`,
      `${at(2)} pppd[900]: CHAP authentication failed: Access denied`,
      `${at(3)} pppd[900]: CHAP authentication failed`,
      `${at(4)} pppd[900]: Connection terminated.`,
      `${at(35)} pppd[900]: Connect: ppp0 <--> /dev/pts/0`,
      `${at(36)} pppd[900]: CHAP authentication failed: Access denied`,
      `${at(37)} pppd[900]: CHAP authentication failed`,
      `${at(38)} pppd[900]: Connection terminated.`,
    ].join('\n');
    const failures = factsOf(text).events.filter((e) => e.kind === 'chap-failure');
    expect(failures.map((e) => [e.line, e.side])).toEqual([
      [2, 'client'],
      [6, 'client'],
    ]);
  });

  it('a bare pppd logfile (one process, no times) redialling 5 000 times counts 5 000 refusals', () => {
    // Same pppd format strings as above; a logfile carries neither pid nor time.
    const session = ['Connect: ppp0 <--> /dev/pts/0', 'CHAP authentication failed: Access denied', 'CHAP authentication failed', 'Connection terminated.'];
    const text = Array.from({ length: 5000 }, () => session.join('\n')).join('\n');
    const failures = logsFacts([{ file: 'ppp.log', text, kind: 'pppd-logfile' }]).events.filter((e) => e.kind === 'chap-failure');
    expect(failures).toHaveLength(5000);
    expect(failures.slice(0, 2).map((e) => e.line)).toEqual([2, 6]);
  });

  it('runs without a failure give none', () => {
    for (const scenario of ['healthy', 'link-flap', 'gre-blocked-midsession']) {
      expect(factsOf(syslogOf(scenario)).events.filter((e) => e.kind === 'chap-failure'), scenario).toEqual([]);
    }
  });
});

describe('logsFacts: LCP echo failures', () => {
  it('the lab gre-blocked-midsession run: "No response to 3 echo-requests", with the count', () => {
    const echoes = factsOf(syslogOf('gre-blocked-midsession')).events.filter((e) => e.kind === 'echo-failure');
    expect(echoes).toEqual([{ kind: 'echo-failure', file: 'syslog.txt', line: 91, text: 'No response to 3 echo-requests', at: '2026-11-24T09:00:12.319Z', echoes: 3 }]);
  });

  it('a killed and redialled link (link-flap) and a healthy run have none', () => {
    for (const scenario of ['healthy', 'link-flap']) {
      expect(factsOf(syslogOf(scenario)).events.filter((e) => e.kind === 'echo-failure'), scenario).toEqual([]);
    }
  });
});
