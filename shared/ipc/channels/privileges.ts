import { z } from 'zod';
import { invoke } from '../define';

export interface PrivilegeStatus {
  /** root: the app runs as root; helper: the sudo/pkexec helper is up; unprivileged: neither. */
  mode: 'root' | 'helper' | 'unprivileged';
  method: string | null;
  /** Why the last elevation failed (wrong password, no sudo rights, cancelled), for the auditor. */
  message: string | null;
}

export const privilegesInvoke = {
  'privileges.status': invoke<PrivilegeStatus>()(z.object({}).strict()),
  /**
   * Starts the privileged helper. The password is written once to sudo's prompt inside a
   * pseudo-terminal and never stored or logged; null asks pkexec (the desktop's own dialog).
   */
  'privileges.elevate': invoke<PrivilegeStatus>()(
    z.object({ password: z.string().max(1024).nullable(), method: z.enum(['auto', 'sudo', 'pkexec']).default('auto') }).strict(),
  ),
};
