import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elevate } from '../../../../electron/helper/elevate';
import { defaultHelperPath, nodeBinaryProblem, SYSTEM_NODE } from '../../../../electron/helper/helperLocation';

/**
 * How the root helper is started now that the packaged app cannot act as node (RunAsNode fuse
 * off): the system's node, checked like the helper file, runs the helper from the unpacked
 * copy inside the app's own resources.
 */
const dir = mkdtempSync(join(tmpdir(), 'pa-helper-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('starting the root helper without ELECTRON_RUN_AS_NODE', () => {
  it('takes the helper from app.asar.unpacked of the installed app, never from inside the asar or the cwd', () => {
    const here = '/opt/PPTP Auditor/resources/app.asar/dist/electron';
    const unpacked = '/opt/PPTP Auditor/resources/app.asar.unpacked/dist/helper.cjs';
    // Electron's fs says files inside app.asar exist; a separate node could not read them.
    const seen: string[] = [];
    const chosen = defaultHelperPath(here, (p) => (seen.push(p), p === unpacked || p.includes('/app.asar/')));
    expect(chosen).toBe(unpacked);
    expect(seen.every((p) => p.startsWith('/opt/PPTP Auditor/resources/app.asar.unpacked/'))).toBe(true);
  });

  it("accepts the distribution's node and refuses one another user can change, or none", () => {
    if (process.getuid?.() === 0) expect(nodeBinaryProblem(SYSTEM_NODE)).toBeNull();
    const me = process.getuid?.() ?? 0;
    const bin = join(dir, 'bin');
    mkdirSync(bin, { mode: 0o755 });
    chmodSync(bin, 0o755);
    writeFileSync(join(bin, 'node'), '#!/bin/sh\n', { mode: 0o777 });
    chmodSync(join(bin, 'node'), 0o777);
    expect(nodeBinaryProblem(join(bin, 'node'), me)).toMatch(/node binary .* can be changed by another user; refused/);
    // A link is followed to what it names, and that is what is judged.
    symlinkSync(join(bin, 'node'), join(bin, 'alternative'));
    expect(nodeBinaryProblem(join(bin, 'alternative'), me)).toMatch(/can be changed by another user; refused/);
    expect(nodeBinaryProblem(join(dir, 'no-node'), me)).toMatch(/needs Node\.js at .* \(apt install nodejs\).*RunAsNode fuse is off/);
    expect(nodeBinaryProblem('node', me)).toMatch(/not absolute; refused/);
  });

  it('does not start sudo with a node binary another user can change', async () => {
    const helper = join(dir, 'helper');
    mkdirSync(helper, { mode: 0o755 });
    chmodSync(helper, 0o755);
    writeFileSync(join(helper, 'helper.cjs'), '//', { mode: 0o644 });
    const writableNode = join(dir, 'writable-node');
    writeFileSync(writableNode, '#!/bin/sh\n');
    chmodSync(writableNode, 0o777);
    const marker = join(dir, 'sudo-ran');
    writeFileSync(join(dir, 'fake-sudo'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const result = await elevate({
      method: 'sudo',
      helperPath: join(helper, 'helper.cjs'),
      auditLogPath: join(dir, 'audit.jsonl'),
      askPassword: async () => null,
      nodeCommand: [writableNode],
      sudoPath: join(dir, 'fake-sudo'),
    });
    expect(result).toMatchObject({ ok: false, reason: 'unavailable', message: expect.stringMatching(/node binary .* refused/) });
    expect(existsSync(marker)).toBe(false);
  });
});
