import { createHash } from 'node:crypto';
import type { OpResult } from '../../shared/ops/catalogue';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A result for an operation that did not run a tool (missing tool, unreadable file). */
export function failedResult(op: string, argv: string[], startedAt: Date, error: string): OpResult {
  return {
    op,
    argv,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    outputSha256: sha256Hex(''),
    truncated: false,
    error,
  };
}

/** Marks a result as a REFUSAL (the helper declined to act), for the audit log's event. */
const REFUSED = Symbol('refused');

/**
 * A result for a request the helper refused: invalid, busy, or stopped by a safety check
 * (symlink, FIFO, hard link, unexpected owner, unsafe capture directory). Kept apart from a
 * plain failure so the audit log never records a refusal as "executed".
 */
export function refusedResult(op: string, argv: string[], startedAt: Date, error: string): OpResult {
  return Object.assign(failedResult(op, argv, startedAt, error), { [REFUSED]: true });
}

export function isRefused(result: OpResult): boolean {
  return (result as { [REFUSED]?: boolean })[REFUSED] === true;
}
