/** Command-line arguments of the helper; everything else (owner) comes from sudo/pkexec. */
export interface HelperArgs {
  socketDir: string;
  tokenFile: string;
  auditLog: string;
  parentPid: number;
  idleTimeoutS: number;
}

const ABSOLUTE = /^\/[^\0]{0,4095}$/;

export function parseHelperArgs(argv: string[]): { ok: true; args: HelperArgs } | { ok: false; error: string } {
  const values = new Map<string, string>();
  const known = ['--socket-dir', '--token-file', '--audit-log', '--parent-pid', '--idle-timeout-s'];
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!;
    const value = argv[i + 1];
    if (!known.includes(key)) return { ok: false, error: `unknown argument ${JSON.stringify(key.slice(0, 40))}` };
    if (value === undefined) return { ok: false, error: `${key} needs a value` };
    if (values.has(key)) return { ok: false, error: `${key} given twice` };
    values.set(key, value);
  }
  const socketDir = values.get('--socket-dir');
  const tokenFile = values.get('--token-file');
  const auditLog = values.get('--audit-log');
  const parentPid = Number(values.get('--parent-pid'));
  const idleTimeoutS = Number(values.get('--idle-timeout-s') ?? 1800);
  if (!socketDir || !ABSOLUTE.test(socketDir)) return { ok: false, error: '--socket-dir must be an absolute path' };
  if (!tokenFile || !ABSOLUTE.test(tokenFile)) return { ok: false, error: '--token-file must be an absolute path' };
  if (!tokenFile.startsWith(`${socketDir.replace(/\/+$/, '')}/`)) {
    return { ok: false, error: '--token-file must be inside --socket-dir' };
  }
  if (!auditLog || !ABSOLUTE.test(auditLog)) return { ok: false, error: '--audit-log must be an absolute path' };
  if (!Number.isInteger(parentPid) || parentPid < 1) return { ok: false, error: '--parent-pid must be a process id' };
  if (!Number.isInteger(idleTimeoutS) || idleTimeoutS < 1 || idleTimeoutS > 86_400) {
    return { ok: false, error: '--idle-timeout-s must be 1..86400' };
  }
  return { ok: true, args: { socketDir: socketDir.replace(/\/+$/, ''), tokenFile, auditLog, parentPid, idleTimeoutS } };
}

/**
 * Who the helper works for: sudo and pkexec name the invoking user in the environment they
 * build themselves (SUDO_UID/SUDO_GID, PKEXEC_UID); a root app runs it for root.
 */
export function invokingOwner(
  env: Record<string, string | undefined>,
  uid: number,
  gidOf: (uid: number) => number | null,
): { uid: number; gid: number } {
  const sudoUid = Number(env.SUDO_UID);
  const sudoGid = Number(env.SUDO_GID);
  if (env.SUDO_UID !== undefined && Number.isInteger(sudoUid) && sudoUid >= 0) {
    return { uid: sudoUid, gid: Number.isInteger(sudoGid) && sudoGid >= 0 ? sudoGid : (gidOf(sudoUid) ?? sudoUid) };
  }
  const pkexecUid = Number(env.PKEXEC_UID);
  if (env.PKEXEC_UID !== undefined && Number.isInteger(pkexecUid) && pkexecUid >= 0) {
    return { uid: pkexecUid, gid: gidOf(pkexecUid) ?? pkexecUid };
  }
  return { uid, gid: gidOf(uid) ?? uid };
}
