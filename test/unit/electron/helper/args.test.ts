import { describe, expect, it } from 'vitest';
import { invokingOwner, parseHelperArgs } from '../../../../electron/helper/args';

const good = ['--socket-dir', '/tmp/s', '--token-file', '/tmp/s/token', '--audit-log', '/tmp/a.jsonl', '--parent-pid', '123'];

describe('helper arguments', () => {
  it('parses the documented arguments', () => {
    expect(parseHelperArgs(good)).toEqual({
      ok: true,
      args: { socketDir: '/tmp/s', tokenFile: '/tmp/s/token', auditLog: '/tmp/a.jsonl', parentPid: 123, idleTimeoutS: 1800 },
    });
  });

  it('refuses anything else with a clear message', () => {
    expect(parseHelperArgs([...good, '--root-prefix', '/x'])).toEqual({ ok: false, error: 'unknown argument "--root-prefix"' });
    expect(parseHelperArgs(good.slice(0, 7))).toEqual({ ok: false, error: '--parent-pid needs a value' });
    expect(parseHelperArgs(['--socket-dir', 'rel', ...good.slice(2)])).toMatchObject({ ok: false, error: '--socket-dir must be an absolute path' });
    expect(parseHelperArgs([...good.slice(0, 2), '--token-file', '/etc/token', ...good.slice(4)])).toMatchObject({
      ok: false,
      error: '--token-file must be inside --socket-dir',
    });
    expect(parseHelperArgs([...good.slice(0, 6), '--parent-pid', 'x'])).toMatchObject({ ok: false, error: '--parent-pid must be a process id' });
    expect(parseHelperArgs([...good, '--idle-timeout-s', '0'])).toMatchObject({ ok: false, error: '--idle-timeout-s must be 1..86400' });
    expect(parseHelperArgs([...good, '--socket-dir', '/tmp/t'])).toMatchObject({ ok: false, error: '--socket-dir given twice' });
  });

  it('works for the user sudo or pkexec names, else for itself', () => {
    const gid = (uid: number) => (uid === 1000 ? 1001 : null);
    expect(invokingOwner({ SUDO_UID: '1000', SUDO_GID: '1000' }, 0, gid)).toEqual({ uid: 1000, gid: 1000 });
    expect(invokingOwner({ PKEXEC_UID: '1000' }, 0, gid)).toEqual({ uid: 1000, gid: 1001 });
    expect(invokingOwner({ SUDO_UID: 'x' }, 0, gid)).toEqual({ uid: 0, gid: 0 });
    expect(invokingOwner({}, 0, () => 0)).toEqual({ uid: 0, gid: 0 });
  });
});
