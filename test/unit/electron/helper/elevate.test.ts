import { describe, expect, it } from 'vitest';
import { chooseMethod, pkexecOutcome } from '../../../../electron/helper/elevate';

const base = { helperPath: '/x/helper.cjs', auditLogPath: '/tmp/a.jsonl', askPassword: async () => null };

describe('choosing how to elevate', () => {
  it('runs directly when already root', () => {
    expect(chooseMethod(base, 0)).toBe('direct');
  });

  it('uses pkexec only on a desktop with pkexec and the policy installed, else sudo', () => {
    const env = { DISPLAY: ':0' };
    expect(chooseMethod({ ...base, env, pkexecPath: '/bin/true', polkitPolicyPath: '/etc/hostname' }, 1000)).toBe('pkexec');
    expect(chooseMethod({ ...base, env: {}, pkexecPath: '/bin/true', polkitPolicyPath: '/etc/hostname' }, 1000)).toBe('sudo');
    expect(chooseMethod({ ...base, env, pkexecPath: '/nonexistent/pkexec', polkitPolicyPath: '/etc/hostname' }, 1000)).toBe('sudo');
    expect(chooseMethod({ ...base, env, pkexecPath: '/bin/true', polkitPolicyPath: '/nonexistent.policy' }, 1000)).toBe('sudo');
    expect(chooseMethod({ ...base, method: 'sudo' }, 0)).toBe('sudo');
  });

  it('maps pkexec exit codes to clear outcomes', () => {
    expect(pkexecOutcome(126, '')).toMatchObject({ ok: false, reason: 'cancelled', message: 'the authentication dialog was dismissed' });
    expect(pkexecOutcome(127, 'Error executing command as another user: Not authorized\n')).toMatchObject({
      ok: false,
      reason: 'not-allowed',
      message: 'not authorized to start the helper (Error executing command as another user: Not authorized)',
    });
    expect(pkexecOutcome(1, 'boom')).toMatchObject({ reason: 'failed', message: 'pkexec exited with status 1 before the helper was ready: boom' });
  });
});
