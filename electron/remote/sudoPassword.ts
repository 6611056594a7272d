import type { SshConnection } from './connection';
import { sudoPasswordPrivilege, wipePrivilege, type Privilege } from './privilege';
import { remoteText } from './remoteExec';

/** sudo's password, kept only if `sudo -S` accepts it for a harmless command (else wiped, one line). */
export async function checkedSudoPassword(conn: SshConnection, password: string): Promise<Privilege> {
  const privilege = sudoPasswordPrivilege(password);
  const check = await remoteText(conn, ['true'], privilege);
  if (check.exitCode !== 0) {
    wipePrivilege(privilege);
    throw new Error(`sudo on the gateway refused the password (or ${conn.target.user} may not use sudo)`);
  }
  return privilege;
}
