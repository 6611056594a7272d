import { linkSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../electron/ops/auditLog';
import { DirectRunner } from '../../../../electron/ops/directRunner';

const dir = mkdtempSync(join(tmpdir(), 'pa-ops-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit log', () => {
  it('records every operation of a direct runner as one JSON line', async () => {
    const path = join(dir, 'audit.jsonl');
    const runner = new DirectRunner(await AuditLog.open(path));
    const ok = await runner.run({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' });
    await runner.run({ op: 'nope' } as never);
    await runner.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      event: 'executed',
      op: 'sysctl.read',
      argv: ['read', '/proc/sys/net/ipv4/ip_forward'],
      startedAt: ok.startedAt,
      endedAt: ok.endedAt,
      exitCode: 0,
      signal: null,
      outputSha256: ok.outputSha256,
      truncated: false,
    });
    expect(lines[1]).toMatchObject({ event: 'refused', op: 'nope', argv: [], error: expect.stringMatching(/^refused: unknown operation/) });
  });

  it('appends to an existing log and never follows a symlink or a hard link', async () => {
    const path = join(dir, 'existing.jsonl');
    writeFileSync(path, '{"earlier":true}\n');
    const log = await AuditLog.open(path);
    await log.append({ event: 'executed', op: 'ip.addr', argv: ['ip'], startedAt: 'a', endedAt: 'b', exitCode: 0, signal: null, outputSha256: 'x', truncated: false });
    await log.close();
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('{"earlier":true}');

    const link = join(dir, 'link.jsonl');
    symlinkSync('/etc/passwd', link);
    await expect(AuditLog.open(link)).rejects.toThrow(/ELOOP|symbolic/);
    const hard = join(dir, 'hard.jsonl');
    linkSync(path, hard);
    await expect(AuditLog.open(hard)).rejects.toThrow(/other hard links/);
    await expect(AuditLog.open('relative.jsonl')).rejects.toThrow(/absolute/);
  });
});
