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

describe('prerequisites of an audit that runs on a gateway', () => {
  const gateway = 'ssh://auditor@192.0.2.7:22';

  it('says privilege is missing on the gateway, and how to give it there, not the laptop sudo helper', () => {
    const [privileges] = missingPrerequisites({ privileges: false }, gateway);
    expect(privileges).toMatchObject({ id: 'privileges', title: `root or sudo on the gateway (${gateway})`, installHint: "connect as root, or give sudo's password in the header", blocks: ['capture'] });
    expect(JSON.stringify(privileges)).not.toMatch(/sudo -v|sudo helper/);
    // Other tools keep their install hints (to type on the gateway) and this machine its own wording.
    expect(missingPrerequisites({ tcpdump: false }, gateway)[0]!.installHint).toBe('apt install tcpdump');
    expect(missingPrerequisites({ privileges: false })[0]!.title).toBe('root or the sudo helper');
    expect(blockersOf('capture', { privileges: false }, gateway)[0]!.title).toContain(gateway);
    expect(degradersOf('logs', { privileges: false }, gateway)[0]!.title).toContain(gateway);
  });

  it('refuses a blocked step naming the gateway, from the probe the audit recorded there', () => {
    let s = reduceChecklist(initialChecklist(), { type: 'target-set', target });
    s = reduceChecklist(s, { type: 'prerequisites-probed', at: '2026-11-24T08:00:00Z', results: { privileges: false }, gateway });
    const t = applyEvent(s, { type: 'run-started', step: 'capture', at: '2026-11-24T08:00:01Z', commands: [] });
    expect(t.rejected).toBe(`step "Capture control and data channels" is blocked: root or sudo on the gateway (${gateway}) missing (connect as root, or give sudo's password in the header)`);
    // The same probe on this machine keeps the local wording.
    const local = reduceChecklist(reduceChecklist(initialChecklist(), { type: 'target-set', target }), { type: 'prerequisites-probed', at: '2026-11-24T08:00:00Z', results: { privileges: false } });
    expect(applyEvent(local, { type: 'run-started', step: 'capture', at: '2026-11-24T08:00:01Z', commands: [] }).rejected).toContain('root or the sudo helper missing (run `sudo -v`');
  });
});
