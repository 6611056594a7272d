import { close, closeSync, constants, fstatSync, openSync, write } from 'node:fs';
import { promisify } from 'node:util';
import type { OpResult } from '../../shared/ops/catalogue';
import { asOwner } from './asOwner';
import type { FileOwner } from './capture';
import { isRefused } from './result';

const writeFd = promisify(write);
const closeFd = promisify(close);

/** One line of the audit log: what ran, when, how it ended and the hash of what it said. */
export interface AuditRecord {
  /**
   * executed: a tool ran or a file was read (even if it then failed); refused: the helper
   * declined (invalid or unsafe request); failed: it could not act (missing file or tool).
   */
  event: 'executed' | 'refused' | 'failed';
  op: string;
  argv: string[];
  startedAt: string;
  endedAt: string;
  exitCode: number | null;
  signal: string | null;
  outputSha256: string;
  truncated: boolean;
  files?: string[];
  error?: string;
  executable?: string;
  captureId?: string;
}

/** What happened, from the result itself: callers never guess (a refusal is never "executed"). */
export function auditEventOf(result: OpResult): AuditRecord['event'] {
  if (isRefused(result)) return 'refused';
  if (result.exitCode !== null || result.signal !== null || result.error === undefined) return 'executed';
  return 'failed';
}

export function auditRecordOf(result: OpResult): AuditRecord {
  const record: AuditRecord = {
    event: auditEventOf(result),
    op: result.op,
    argv: result.argv,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    exitCode: result.exitCode,
    signal: result.signal,
    outputSha256: result.outputSha256,
    truncated: result.truncated,
  };
  if (result.files) record.files = result.files;
  if (result.error !== undefined) record.error = result.error;
  if (result.executable !== undefined) record.executable = result.executable;
  if (result.captureId !== undefined) record.captureId = result.captureId;
  return record;
}

/**
 * Append-only JSON-lines file named by the main process; it becomes part of the evidence.
 * A root helper appending to a path chosen by an unprivileged caller must not be turned into a
 * write to /etc/shadow: the file is opened WITH THE AUDITOR'S RIGHTS (asOwner), without
 * following a symlink, and refused unless it is a plain regular file with one link.
 */
export class AuditLog {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  static async open(path: string, owner: FileOwner | null = null): Promise<AuditLog> {
    if (!path.startsWith('/') || path.includes('\0')) throw new Error('audit log path must be absolute');
    const fd = asOwner(owner, () =>
      openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o640),
    );
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new Error(`audit log ${path} is not a regular file`);
      if (st.nlink > 1) throw new Error(`audit log ${path} has other hard links; refused`);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    return new AuditLog(path, fd);
  }

  append(record: AuditRecord): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    this.chain = this.chain.then(async () => {
      await writeFd(this.fd, line);
    });
    return this.chain;
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await closeFd(this.fd);
  }
}
