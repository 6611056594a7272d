import { describe, expect, it } from 'vitest';
import { applyEvent, initialChecklist } from '../../../../shared/checklist/machine';
import { CANCELLED_PREFIX } from '../../../../shared/checklist/cancel';

const target = { iface: 'ppp0', carrier: 'eth0', remoteIp: '192.168.77.2' };
const at = '2026-12-03T10:00:00.000Z';

function running() {
  const started = applyEvent(initialChecklist(target), { type: 'run-started', step: 'capture', at, commands: [] });
  expect(started.rejected).toBeNull();
  return started.state;
}

describe('a cancelled run never says more than its evidence', () => {
  it('a pass on a cancelled partial run becomes a warning, recorded as cancelled', () => {
    const { state, rejected } = applyEvent(running(), {
      type: 'run-finished',
      step: 'capture',
      runId: 1,
      at,
      verdict: { level: 'pass', reason: 'MPPE-128 negotiated.' },
      evidence: ['captures/c.pcap'],
      cancelled: true,
    });
    expect(rejected).toBeNull();
    const run = state.steps.capture.runs[0]!;
    expect(run.cancelled).toBe(true);
    expect(run.verdict?.level).toBe('warn');
    expect(run.verdict?.reason.startsWith(CANCELLED_PREFIX)).toBe(true);
    expect(run.verdict?.reason).toMatch(/MPPE-128 negotiated\. A pass needs the whole planned run/);
    expect(run.evidence).toEqual(['captures/c.pcap']);
  });

  it('a failure already shown by the partial evidence stands', () => {
    const { state } = applyEvent(running(), { type: 'run-finished', step: 'capture', runId: 1, at, verdict: { level: 'fail', reason: 'Cleartext PPP.' }, cancelled: true });
    expect(state.steps.capture.runs[0]!.verdict?.level).toBe('fail');
  });

  it('a run not cancelled keeps its pass, and a cancelled run that gathered nothing is failed-to-run and marked', () => {
    expect(applyEvent(running(), { type: 'run-finished', step: 'capture', runId: 1, at, verdict: { level: 'pass', reason: 'ok' } }).state.steps.capture.runs[0]!.verdict?.level).toBe('pass');
    const failed = applyEvent(running(), { type: 'run-failed', step: 'capture', runId: 1, at, error: 'cancelled before anything was gathered', cancelled: true }).state;
    expect(failed.steps.capture.status).toBe('failed-to-run');
    expect(failed.steps.capture.runs[0]!.cancelled).toBe(true);
  });
});
