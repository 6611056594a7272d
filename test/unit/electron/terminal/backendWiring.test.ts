import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../../electron/backend/backend';
import type { Envelope } from '../../../../shared/ipc/define';
import type { AuditView } from '../../../../shared/ipc/channels/audit';
import type { TerminalExit, TerminalOpened } from '../../../../shared/ipc/channels/terminal';

/**
 * The terminal through the Backend's real dispatcher and the real AuditService: the wiring of
 * the handlers, the schemas on the wire, and the audit's own bundle as the transcript's home.
 */
describe('terminal channels in the Backend', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pa-term-backend-'));
  const backend = new Backend(() => undefined, { auditsRoot: root });
  const exits: TerminalExit[] = [];
  backend.hub.subscribe((channel, payload) => {
    if (channel === 'terminal.exit') exits.push(payload as TerminalExit);
  }, 'client-1');
  const context = { binding: 'loopback' as const, clientId: 'client-1' };
  const call = <T>(channel: string, payload: unknown, ctx = context) => backend.dispatch(channel, payload, ctx) as Promise<Envelope<T>>;
  const value = async <T>(channel: string, payload: unknown) => {
    const envelope = await call<T>(channel, payload);
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
    return envelope.value;
  };

  afterAll(() => {
    backend.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('opens the terminal in the audit bundle, refuses oversize input, and ends it when the audit is finished', async () => {
    const audit = await value<AuditView>('audit.start', {
      identity: { site: 'Terminal wiring', asset: 'GW', auditor: 'T' },
      target: { iface: 'lo', carrier: 'lo', remoteIp: '127.0.0.1' },
    });
    const opened = await value<TerminalOpened>('terminal.open', { auditId: audit.auditId, cols: 80, rows: 24 });
    expect(opened.transcript).toBe('outputs/terminal-1.jsonl');

    const tooBig = await call('terminal.write', { terminalId: opened.terminalId, data: 'x'.repeat(4097) });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const hugeResize = await call('terminal.resize', { terminalId: opened.terminalId, cols: 65_536, rows: 24 });
    expect(hugeResize).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const stranger = await call('terminal.write', { terminalId: opened.terminalId, data: 'ls\r' }, { binding: 'loopback', clientId: 'client-2' });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(await value('terminal.write', { terminalId: opened.terminalId, data: 'echo wired\r' })).toEqual({ accepted: 11 });
    await value<AuditView>('audit.finish', { auditId: audit.auditId, confirmed: true });
    expect(exits).toEqual([expect.objectContaining({ terminalId: opened.terminalId, reason: 'the audit was finished' })]);

    const records = readFileSync(path.join(audit.dir, opened.transcript), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dir: string; data?: string });
    expect(records).toContainEqual(expect.objectContaining({ dir: 'line', data: 'echo wired' }));
    expect(records.at(-1)).toMatchObject({ dir: 'meta', data: 'the audit was finished' });

    const afterFinish = await call('terminal.open', { auditId: audit.auditId });
    expect(afterFinish).toMatchObject({ ok: false, error: { message: expect.stringMatching(/finished/) } });
  });
});
