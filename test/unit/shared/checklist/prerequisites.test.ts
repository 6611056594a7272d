import { describe, it, expect } from 'vitest';
import {
  applyEvent,
  blockersOf,
  checklistProgress,
  initialChecklist,
  missingPrerequisites,
  PREREQUISITES,
  reduceChecklist,
  degradersOf,
} from '../../../../shared/checklist';

const target = { iface: 'ppp0', carrier: 'eth0', remoteIp: '10.8.0.1' };

describe('checklist prerequisites', () => {
  it('gives every prerequisite an exact install hint', () => {
    const hints = Object.fromEntries(PREREQUISITES.map((p) => [p.id, p.installHint]));
    expect(hints).toMatchObject({
      tcpdump: 'apt install tcpdump',
      iproute2: 'apt install iproute2',
      ping: 'apt install iputils-ping',
      journalctl: 'apt install systemd',
    });
    expect(hints['ppp-modules']).toContain('modprobe -a ppp_generic ppp_mppe');
  });

  it('lists missing pieces with the steps they block; unprobed is not missing', () => {
    expect(missingPrerequisites({})).toEqual([]);
    const missing = missingPrerequisites({ tcpdump: false, ping: true, privileges: false });
    expect(missing.map((m) => [m.id, m.blocks])).toEqual([
      ['privileges', ['capture']],
      ['tcpdump', ['capture']],
    ]);
    expect(blockersOf('latency', { ping: false }).map((b) => b.id)).toEqual(['ping']);
    expect(blockersOf('logs', { journalctl: false })).toEqual([]);
  });

  it('refuses to run a blocked step, naming the fix, and shows it as blocked in progress', () => {
    let s = reduceChecklist(initialChecklist(), { type: 'target-set', target });
    s = reduceChecklist(s, { type: 'prerequisites-probed', at: '2026-11-24T08:00:00Z', results: { tcpdump: false, iproute2: true } });
    const t = applyEvent(s, { type: 'run-started', step: 'capture', at: '2026-11-24T08:01:00Z' });
    expect(t.rejected).toContain('apt install tcpdump');
    expect(t.state.steps.capture.status).toBe('pending');
    expect(checklistProgress(s).blocked).toEqual(['capture']);
    expect(blockersOf('capture', s.prerequisites.results).map((b) => b.id)).toEqual(['tcpdump']);
    // journalctl missing degrades step 5 but does not block it.
    s = reduceChecklist(s, { type: 'prerequisites-probed', at: '2026-11-24T08:02:00Z', results: { journalctl: false } });
    expect(applyEvent(s, { type: 'run-started', step: 'logs', at: '2026-11-24T08:03:00Z' }).rejected).toBeNull();
    expect(degradersOf('logs', s.prerequisites.results).map((b) => b.id)).toEqual(['journalctl']);
  });
});
