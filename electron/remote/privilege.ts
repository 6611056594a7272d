import { randomBytes } from 'node:crypto';

/**
 * How privileged operations run on the gateway:
 * - root: the account is root, nothing in front;
 * - sudo-n: `sudo -n` (NOPASSWD, or sudo says why not);
 * - sudo-password: `sudo -S -p MARKER`, the password written on stdin only when sudo prints
 *   the marker (its prompt). It lives in this object for the life of the connection — sudo
 *   without a terminal asks again for each command — is never written to disk or evidence,
 *   and is wiped on close().
 * - none: no privilege; operations run as the account and say "permission denied" where the
 *   local unprivileged run would.
 */
export type Privilege =
  | { mode: 'root' }
  | { mode: 'sudo-n' }
  | { mode: 'sudo-password'; marker: string; password: Buffer }
  | { mode: 'none' };

export function sudoPasswordPrivilege(password: string): Privilege {
  return { mode: 'sudo-password', marker: `[pptp-auditor:sudo:${randomBytes(6).toString('hex')}]`, password: Buffer.from(password, 'utf8') };
}

/** What goes in front of a privileged argv. */
export function privilegePrefix(p: Privilege): string[] {
  switch (p.mode) {
    case 'root':
    case 'none':
      return [];
    case 'sudo-n':
      return ['sudo', '-n', '--'];
    case 'sudo-password':
      return ['sudo', '-S', '-p', p.marker, '--'];
  }
}

export function wipePrivilege(p: Privilege): void {
  if (p.mode === 'sudo-password') p.password.fill(0);
}
