import { constants, readFileSync, unlinkSync } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { HELPER_READY_MARKER, TOKEN_PATTERN } from '../../shared/ops/protocol';
import { asOwner } from '../ops/asOwner';
import { AuditLog } from '../ops/auditLog';
import { CaptureRegistry } from '../ops/capture';
import { invokingOwner, type HelperArgs } from './args';
import { HelperServer } from './server';

/** How long the helper waits for its client to authenticate after start. */
const FIRST_HELLO_MS = 60_000;
const PARENT_POLL_MS = 1000;

function primaryGid(uid: number): number | null {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (Number(f[2]) === uid && f[3] !== undefined) return Number(f[3]);
    }
  } catch {
    // fall through
  }
  return null;
}

/** Removes a file in the auditor's directory with the auditor's rights (never follows links). */
function removeAsOwner(owner: { uid: number; gid: number }, path: string): void {
  try {
    asOwner(owner, () => unlinkSync(path));
  } catch {
    // already gone
  }
}

/** The private directory must be the auditor's and closed to everyone else. */
async function checkPrivateDir(dir: string, ownerUid: number): Promise<void> {
  const st = await lstat(dir);
  if (st.isSymbolicLink() || !st.isDirectory()) throw new Error(`${dir} is not a directory`);
  if (st.uid !== ownerUid) throw new Error(`${dir} must belong to uid ${ownerUid}`);
  if ((st.mode & 0o077) !== 0) throw new Error(`${dir} must be private (mode 0700), it is ${(st.mode & 0o777).toString(8)}`);
}

/** Reads the one-time token and deletes the file, so it exists for a moment only. */
async function takeToken(path: string, owner: { uid: number; gid: number }): Promise<string> {
  const ownerUid = owner.uid;
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((e: NodeJS.ErrnoException) => {
    throw new Error(e.code === 'ENOENT' ? `token file ${path} does not exist` : `cannot open token file ${path}: ${e.code ?? e.message}`);
  });
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.uid !== ownerUid || (st.mode & 0o077) !== 0) {
      throw new Error('token file must be a private regular file of the auditor');
    }
    const token = (await handle.readFile('utf8')).trim();
    if (!TOKEN_PATTERN.test(token)) throw new Error('token file does not hold a session token');
    return token;
  } finally {
    await handle.close();
    removeAsOwner(owner, path);
  }
}

export async function startHelper(args: HelperArgs): Promise<void> {
  const owner = invokingOwner(process.env, process.getuid?.() ?? 0, primaryGid);
  await checkPrivateDir(args.socketDir, owner.uid);
  const token = await takeToken(args.tokenFile, owner);
  const auditLog = await AuditLog.open(args.auditLog, owner);
  const captures = new CaptureRegistry(owner);
  const socketPath = `${args.socketDir}/helper.sock`;

  let exiting = false;
  const exit = (reason: string, code = 0): void => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`pptp-auditor helper: exiting (${reason})\n`);
    void (async () => {
      await captures.stopAll().catch(() => undefined);
      await server.auditLog.close().catch(() => undefined);
      removeAsOwner(owner, socketPath);
      process.exit(code);
    })();
  };

  const server = new HelperServer({
    socketPath,
    token,
    auditLog,
    captures,
    idleTimeoutMs: args.idleTimeoutS * 1000,
    openAuditLog: (path) => AuditLog.open(path, owner),
    onShutdown: (reason) => exit(reason),
  });
  // bind() happens inside listen(), synchronously: done with the auditor's rights and umask
  // 0177, the socket is born theirs with mode 0600 (no chown/chmod that a swapped-in symlink
  // could redirect).
  const oldUmask = process.umask(0o177);
  let listening: Promise<void>;
  try {
    listening = asOwner(owner, () => server.listen());
  } finally {
    process.umask(oldUmask);
  }
  await listening;

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => server.shutdown(`received ${signal}`));
  }
  // The pty closing (parent gone) can break our stdout: that is a reason to leave, not a crash.
  process.stdout.on('error', () => server.shutdown('terminal closed'));
  process.stderr.on('error', () => undefined);

  const parentWatch = setInterval(() => {
    try {
      process.kill(args.parentPid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') server.shutdown('parent process is gone');
    }
  }, PARENT_POLL_MS);
  parentWatch.unref();
  const firstHello = setTimeout(() => server.shutdown('no client authenticated in time'), FIRST_HELLO_MS);
  firstHello.unref();
  server.onAuthenticated = () => clearTimeout(firstHello);

  process.stdout.write(`${HELPER_READY_MARKER} pid=${process.pid}\n`);
}
