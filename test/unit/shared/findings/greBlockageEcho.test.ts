/**
 * gre-blockage on GRE cut mid-session: pppd's keepalive gives up ("No response to N
 * echo-requests", lcp.c) where a blockage from the start times out Config-Requests instead.
 * The lab scenario gre-blocked-midsession proves it end to end (labScenarios.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { logEvent, logs } from './facts.fixture';
import { detailOf, findingsOf, one, statusOf } from './helpers.fixture';

const echoFailure = (line: number) => logEvent('echo-failure', line, 'No response to 3 echo-requests', { echoes: 3, at: '2026-11-24T09:00:12.319Z' });

describe('rule gre-blockage on LCP echo failures', () => {
  it('fires on an echo failure, cites the line, and says it cannot tell GRE loss from a vanished peer', () => {
    const [f] = findingsOf(one('gre-blockage', { logs: logs([echoFailure(91)]) }), 'gre-blockage');
    expect(f?.summary).toMatch(/^1 session dropped mid-way on LCP echo failure \("No response to 3 echo-requests"\)\./);
    expect(f?.summary).toMatch(/or the peer vanished without closing the call/);
    expect(f?.evidence).toEqual([{ file: 'outputs/0006-logs.journal.stdout', line: 91, excerpt: 'No response to 3 echo-requests' }]);
    expect(f?.troubleshooting.id).toBe('gre-blockage');
  });

  it('counts every session lost that way', () => {
    const [f] = findingsOf(one('gre-blockage', { logs: logs([echoFailure(91), echoFailure(300)]) }), 'gre-blockage');
    expect(f?.summary).toMatch(/^2 sessions dropped mid-way on LCP echo failure/);
    // With a second symptom the hedge about a vanished peer is not needed.
    const [g] = findingsOf(one('gre-blockage', { logs: logs([echoFailure(91), logEvent('lcp-timeout', 5, 'LCP: timeout sending Config-Requests')]) }), 'gre-blockage');
    expect(g?.summary).not.toMatch(/peer vanished/);
  });

  it('is clear on logs without one, and says it looked for them', () => {
    const r = one('gre-blockage', { logs: logs([logEvent('terminate', 40, 'Connection terminated. (session ended: connection terminated)')]) });
    expect(statusOf(r, 'gre-blockage')).toBe('clear');
    expect(detailOf(r, 'gre-blockage')).toMatch(/no LCP timeout, LCP echo failure or 619 error in the logs/);
  });
});
