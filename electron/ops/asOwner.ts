import type { FileOwner } from './capture';

/**
 * Runs `fn` (synchronous file-system work only) with the effective uid/gid and groups of the
 * auditor, so that files the root helper creates on the auditor's behalf (audit log, pcaps, its
 * socket) are created with the auditor's rights: a path the auditor chose, or a symlink they
 * swapped in, can never make root create, append to or chown a file the auditor could not.
 * A no-op when not running as root or when the owner is root.
 */
export function asOwner<T>(owner: FileOwner | null, fn: () => T): T {
  const euid = process.geteuid?.();
  if (owner === null || euid !== 0 || owner.uid === 0 || !process.seteuid || !process.setegid || !process.setgroups || !process.getgroups) {
    return fn();
  }
  const groups = process.getgroups();
  const egid = process.getegid!();
  process.setgroups([owner.gid]);
  process.setegid(owner.gid);
  process.seteuid(owner.uid);
  try {
    return fn();
  } finally {
    process.seteuid(0);
    process.setegid(egid);
    process.setgroups(groups);
  }
}
