import { describe, it, expect } from 'vitest';
import {
  applyEvent,
  checklistProgress,
  effectiveVerdict,
  initialChecklist,
  parseChecklist,
  reduceChecklist,
  serializeChecklist,
  STEP_IDS,
  type ChecklistEvent,
  type ChecklistState,
} from '../../../../shared/checklist';

const target = { iface: 'ppp0', carrier: 'eth0', remoteIp: '10.8.0.1' };
const T = (n: number) => `2026-11-24T08:${String(n).padStart(2, '0')}:00.000Z`;

function run(state: ChecklistState, events: ChecklistEvent[]): ChecklistState {
  return events.reduce((s, e) => {
    const t = applyEvent(s, e);
    if (t.rejected) throw new Error(`unexpected rejection of ${e.type}: ${t.rejected}`);
    return t.state;
  }, state);
}

describe('checklist state machine', () => {
  it('starts with six pending steps in the guide order and no progress', () => {
    const s = initialChecklist();
    expect(Object.keys(s.steps)).toEqual([...STEP_IDS]);
    const p = checklistProgress(s);
    expect(p).toMatchObject({ total: 6, pending: 6, settled: 0, fraction: 0, next: 'identify-interfaces' });
  });

  it('refuses to run before a target is set', () => {
    const t = applyEvent(initialChecklist(), { type: 'run-started', step: 'capture', at: T(1) });
    expect(t.rejected).toMatch(/target/);
    expect(t.state.steps.capture.status).toBe('pending');
  });

  it('refuses an invalid target with a hostile interface name', () => {
    const t = applyEvent(initialChecklist(), {
      type: 'target-set',
      target: { iface: 'ppp0; rm -rf /', carrier: 'eth0', remoteIp: '10.0.0.1' },
    });
    expect(t.rejected).toMatch(/iface/);
    expect(t.state.target).toBeNull();
  });

  it('refuses a remote that is not an IP address', () => {
    const t = applyEvent(initialChecklist(), {
      type: 'target-set',
      target: { iface: 'ppp0', carrier: 'eth0', remoteIp: '10.0.0.1 -f' },
    });
    expect(t.rejected).toMatch(/remoteIp/);
  });

  it('runs a step to done with a verdict, derived commands and evidence', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'run-started', step: 'latency', at: T(1), commands: ['ping -n -c 50 -i 0.2 -s 1400 -W 2 10.8.0.1'] },
      {
        type: 'run-finished',
        step: 'latency',
        runId: 1,
        at: T(2),
        verdict: { level: 'warn', reason: 'jitter 35 ms over 30 ms' },
        evidence: ['outputs/0001-ping.stdout'],
      },
    ]);
    const step = s.steps.latency;
    expect(step.status).toBe('done');
    expect(step.runs).toHaveLength(1);
    expect(step.runs[0]?.commands[0]).toBe('ping -n -c 50 -i 0.2 -s 1400 -W 2 10.8.0.1');
    expect(step.runs[0]?.evidence).toEqual(['outputs/0001-ping.stdout']);
    expect(effectiveVerdict(step)).toEqual({ level: 'warn', reason: 'jitter 35 ms over 30 ms', source: 'run' });
  });

  it('refuses to start a step that is already running, and a finish for a stale run id', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'run-started', step: 'logs', at: T(1) },
    ]);
    expect(applyEvent(s, { type: 'run-started', step: 'logs', at: T(2) }).rejected).toMatch(/already running/);
    const stale = applyEvent(s, { type: 'run-finished', step: 'logs', runId: 7, at: T(2), verdict: { level: 'pass', reason: 'ok' } });
    expect(stale.rejected).toMatch(/not the current run/);
    expect(applyEvent(s, { type: 'run-finished', step: 'capture', runId: 1, at: T(2), verdict: { level: 'pass', reason: 'ok' } }).rejected).toMatch(/not running/);
  });

  it('refuses a verdict without a reason', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'run-started', step: 'logs', at: T(1) },
    ]);
    const t = applyEvent(s, { type: 'run-finished', step: 'logs', runId: 1, at: T(2), verdict: { level: 'pass', reason: '' } });
    expect(t.rejected).toMatch(/reason/);
    expect(t.state.steps.logs.status).toBe('running');
  });

  it('records a failure to run, and a re-run keeps the history of runs', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'run-started', step: 'capture', at: T(1) },
      { type: 'run-failed', step: 'capture', runId: 1, at: T(2), error: 'spawn tcpdump ENOENT' },
    ]);
    expect(s.steps.capture.status).toBe('failed-to-run');
    expect(checklistProgress(s).failedToRun).toBe(1);
    const s2 = run(s, [
      { type: 'run-started', step: 'capture', at: T(3) },
      { type: 'run-finished', step: 'capture', runId: 2, at: T(4), verdict: { level: 'fail', reason: 'cleartext PPP' } },
      { type: 'run-started', step: 'capture', at: T(5) },
      { type: 'run-finished', step: 'capture', runId: 3, at: T(6), verdict: { level: 'pass', reason: 'all MPPE' } },
    ]);
    const runs = s2.steps.capture.runs;
    expect(runs.map((r) => [r.runId, r.outcome, r.verdict?.level ?? null])).toEqual([
      [1, 'failed-to-run', null],
      [2, 'done', 'fail'],
      [3, 'done', 'pass'],
    ]);
    expect(runs[0]?.error).toBe('spawn tcpdump ENOENT');
    expect(effectiveVerdict(s2.steps.capture)?.level).toBe('pass');
  });

  it('skips with a reason only, and unskip returns to the previous status', () => {
    const s = run(initialChecklist(), [{ type: 'target-set', target }]);
    expect(applyEvent(s, { type: 'skipped', step: 'logs', at: T(1), reason: '   ' }).rejected).toMatch(/reason/);
    const skipped = run(s, [{ type: 'skipped', step: 'logs', at: T(1), reason: 'no journal on this appliance' }]);
    expect(skipped.steps.logs).toMatchObject({ status: 'skipped', skip: { reason: 'no journal on this appliance' } });
    expect(checklistProgress(skipped)).toMatchObject({ skipped: 1, settled: 1 });
    const back = run(skipped, [{ type: 'unskipped', step: 'logs', at: T(2) }]);
    expect(back.steps.logs.status).toBe('pending');
    expect(applyEvent(back, { type: 'unskipped', step: 'logs', at: T(3) }).rejected).toMatch(/not skipped/);
  });

  it('cannot skip a running step, but running a skipped step lifts the skip', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'skipped', step: 'throughput', at: T(1), reason: 'link idle' },
      { type: 'run-started', step: 'throughput', at: T(2) },
    ]);
    expect(s.steps.throughput).toMatchObject({ status: 'running', skip: null });
    expect(applyEvent(s, { type: 'skipped', step: 'throughput', at: T(3), reason: 'x' }).rejected).toMatch(/running/);
  });

  it('refuses to change the target while a step runs; later runs use the new target', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'run-started', step: 'latency', at: T(1) },
    ]);
    expect(applyEvent(s, { type: 'target-set', target: { ...target, remoteIp: '10.8.0.9' } }).rejected).toMatch(/running/);
    const s2 = run(s, [
      { type: 'run-finished', step: 'latency', runId: 1, at: T(2), verdict: { level: 'pass', reason: 'ok' } },
      { type: 'target-set', target: { ...target, remoteIp: '10.8.0.9' } },
      { type: 'run-started', step: 'latency', at: T(3) },
    ]);
    expect(s2.steps.latency.runs[0]?.target.remoteIp).toBe('10.8.0.1');
    expect(s2.steps.latency.runs[1]?.target.remoteIp).toBe('10.8.0.9');
  });

  it('keeps auditor notes in order with ids, refusing empty ones', () => {
    const s = run(initialChecklist(), [
      { type: 'note-added', step: 'capture', at: T(1), text: 'capture taken on the WAN side' },
      { type: 'note-added', step: 'logs', at: T(2), text: 'journal rotated at 03:00' },
    ]);
    expect(s.steps.capture.notes).toEqual([{ id: 1, at: T(1), text: 'capture taken on the WAN side' }]);
    expect(s.steps.logs.notes[0]?.id).toBe(2);
    expect(applyEvent(s, { type: 'note-added', step: 'logs', at: T(3), text: ' ' }).rejected).toMatch(/empty/);
  });

  it('lets the auditor override a verdict of a done step, and clear it', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'run-started', step: 'kernel-modules', at: T(1) },
      { type: 'run-finished', step: 'kernel-modules', runId: 1, at: T(2), verdict: { level: 'fail', reason: 'nf_nat_pptp missing' } },
      { type: 'verdict-overridden', step: 'kernel-modules', at: T(3), verdict: { level: 'pass', reason: 'host is not a NAT gateway' } },
    ]);
    expect(effectiveVerdict(s.steps['kernel-modules'])).toMatchObject({ level: 'pass', source: 'auditor' });
    const cleared = run(s, [{ type: 'verdict-override-cleared', step: 'kernel-modules', at: T(4) }]);
    expect(effectiveVerdict(cleared.steps['kernel-modules'])).toMatchObject({ level: 'fail', source: 'run' });
    expect(applyEvent(initialChecklist(), { type: 'verdict-overridden', step: 'logs', at: T(1), verdict: { level: 'pass', reason: 'x' } }).rejected).toMatch(/ran to the end/);
  });

  it('never mutates the state it was given', () => {
    const s = run(initialChecklist(), [{ type: 'target-set', target }]);
    const frozen = JSON.stringify(s);
    reduceChecklist(s, { type: 'run-started', step: 'logs', at: T(1) });
    reduceChecklist(s, { type: 'note-added', step: 'logs', at: T(1), text: 'n' });
    expect(JSON.stringify(s)).toBe(frozen);
  });

  it('computes progress across the six steps', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'run-started', step: 'identify-interfaces', at: T(1) },
      { type: 'run-finished', step: 'identify-interfaces', runId: 1, at: T(2), verdict: { level: 'pass', reason: 'ppp0 up' } },
      { type: 'run-started', step: 'kernel-modules', at: T(3) },
      { type: 'run-finished', step: 'kernel-modules', runId: 1, at: T(4), verdict: { level: 'fail', reason: 'missing' } },
      { type: 'skipped', step: 'throughput', at: T(5), reason: 'idle' },
      { type: 'run-started', step: 'capture', at: T(6) },
    ]);
    expect(checklistProgress(s)).toEqual({
      total: 6,
      done: 2,
      skipped: 1,
      failedToRun: 0,
      running: 1,
      pending: 2,
      settled: 3,
      fraction: 0.5,
      verdicts: { pass: 1, warn: 0, fail: 1 },
      next: 'logs',
      blocked: [],
    });
  });

  it('round-trips through JSON and refuses a malformed or hostile saved state', () => {
    const s = run(initialChecklist(), [
      { type: 'target-set', target },
      { type: 'note-added', step: 'logs', at: T(1), text: 'n' },
      { type: 'skipped', step: 'throughput', at: T(2), reason: 'idle' },
    ]);
    const parsed = parseChecklist(serializeChecklist(s));
    expect(parsed).toEqual({ ok: true, state: s });
    expect(parseChecklist('{"format":"pptp-auditor-checklist/1"').ok).toBe(false);
    const hostile = JSON.parse(serializeChecklist(s)) as { target: { iface: string } };
    hostile.target.iface = '../../etc';
    const r = parseChecklist(JSON.stringify(hostile));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/target\.iface/);
  });
});
