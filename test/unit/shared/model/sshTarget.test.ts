import { describe, expect, it } from 'vitest';
import { formatSshTarget, parseSshTarget } from '../../../../shared/model/sshTarget';

describe('ssh:// targets', () => {
  it('reads user, host and port (22 by default), IPv6 in brackets', () => {
    expect(parseSshTarget('ssh://root@gw.example.net')).toEqual({ ok: true, target: { user: 'root', host: 'gw.example.net', port: 22 } });
    expect(parseSshTarget('ssh://audit_1@10.0.0.1:2222')).toEqual({ ok: true, target: { user: 'audit_1', host: '10.0.0.1', port: 2222 } });
    expect(parseSshTarget('ssh://a@[fd00::1]:22')).toEqual({ ok: true, target: { user: 'a', host: 'fd00::1', port: 22 } });
    expect(formatSshTarget({ user: 'a', host: 'fd00::1', port: 22 })).toBe('ssh://a@[fd00::1]:22');
  });

  it.each([
    'root@host',
    'ssh://host',
    'ssh://-oProxyCommand=x@host',
    'ssh://root@-oProxyCommand=x',
    'ssh://root@host:0',
    'ssh://root@host:65536',
    'ssh://root:pw@host',
    'ssh://root@host/path',
    'ssh://root@host?x=1',
    'ssh://root@host;reboot',
    'ssh://root@$(reboot)',
    'ssh://root@`id`',
    'ssh://ro ot@host',
    'ssh://root@host\nx',
    'ssh://root@fd00::1',
    'ssh://root@[not-ip]',
    'ssh://root@ho%73t',
    `ssh://root@${'a'.repeat(300)}`,
    'ssh://1root@host',
  ])('refuses %j with one line', (text) => {
    const r = parseSshTarget(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.split('\n')).toHaveLength(1);
      expect(r.error.length).toBeLessThan(200);
    }
  });
});
