/**
 * An audit of another host (a gateway over SSH) plans its steps with that host's kernel: step 2
 * reads /lib/modules/<release>/modules.builtin and /boot/config-<release> there. Planned with this
 * machine's release instead, the GUI and commands.jsonl would show one path while the runner read
 * another — the evidence would not record what ran.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { AuditService } from '../../../../electron/audit/auditService';
import { AuditRegistry } from '../../../../electron/backend/auditRegistry';
import { PushHub } from '../../../../electron/backend/pushHub';
import { RecordedRunner } from './recordedRunner';

const root = mkdtempSync(path.join(os.tmpdir(), 'pa-gw-release-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Not this machine's release, whatever this machine runs. */
const GATEWAY_RELEASE = os.release() === '5.10.0-28-amd64' ? '6.1.0-18-amd64' : '5.10.0-28-amd64';

it('step 2 is planned, shown and recorded with the audited host\'s kernel release, not this machine\'s', async () => {
  const runner = new RecordedRunner('healthy', { kernelRelease: GATEWAY_RELEASE });
  const service = new AuditService(new AuditRegistry(), new PushHub(), () => runner, { auditsRoot: root, probe: () => ({}) });
  let view = service.start({ site: 'gw', asset: 'pptpd', auditor: 't' }, { iface: 'ppp0', carrier: 'sv0', remoteIp: '192.168.47.1' }, null);
  expect(view.plan.kernelRelease).toBe(GATEWAY_RELEASE);
  view = await service.runStep(view.auditId, 'kernel-modules', 5, 5);
  const records = readFileSync(path.join(view.dir, 'commands.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string; seq: number; argv: string[] });
  const starts = records.filter((r) => r.kind === 'start');
  const paths = starts.flatMap((r) => r.argv).filter((a) => a.startsWith('/lib/modules/') || a.startsWith('/boot/config-'));
  expect(paths.length).toBeGreaterThan(0);
  for (const p of paths) expect(p).toContain(GATEWAY_RELEASE);
  expect(paths.some((p) => p.includes(os.release()))).toBe(false);
  // What the runner reports it ran is what was planned and recorded.
  const ends = new Map(records.filter((r) => r.kind === 'end').map((r) => [r.seq, r.argv]));
  for (const s of starts) if (ends.has(s.seq)) expect(ends.get(s.seq)).toEqual(s.argv);
});
