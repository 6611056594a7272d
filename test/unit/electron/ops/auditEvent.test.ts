import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog, auditEventOf } from '../../../../electron/ops/auditLog';
import { DirectRunner } from '../../../../electron/ops/directRunner';
import { runRead } from '../../../../electron/ops/readFixedFile';
import type { OpRequest } from '../../../../shared/ops/catalogue';

const dir = mkdtempSync(join(tmpdir(), 'pa-audit-event-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const plan = (path: string) => ({ kind: 'read' as const, candidates: [path], maxBytes: 1024, tail: false, gunzip: false, redactPppPasswords: false });

describe('the audit log event comes from the result, never from a guess', () => {
  it('a read stopped by a safety check is "refused", not "executed"', async () => {
    const link = join(dir, 'ppp.log');
    symlinkSync('/etc/shadow', link);
    const r = await runRead('logs.file', plan(link));
    expect(r.argv).toEqual(['read', link]); // the old rule (argv given => executed) got this wrong
    expect(auditEventOf(r)).toBe('refused');
  });

  it('a missing file is "failed", a file read is "executed", an invalid request is "refused"', async () => {
    expect(auditEventOf(await runRead('logs.file', plan(join(dir, 'missing'))))).toBe('failed');
    const path = join(dir, 'present');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'x\n');
    expect(auditEventOf(await runRead('logs.file', plan(path)))).toBe('executed');

    const logPath = join(dir, 'audit.jsonl');
    const runner = new DirectRunner(await AuditLog.open(logPath));
    await runner.run({ op: 'no.such.op' } as unknown as OpRequest);
    await runner.run({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' });
    await runner.close();
    const events = readFileSync(logPath, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(['refused', 'executed']);
  });
});
