import { createHash } from 'node:crypto';
import { parseOpRequest, type OpRequest, type OpResult } from '../../shared/ops/catalogue';

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

/**
 * Every runner's first step: the request validated by the catalogue (whatever the caller did),
 * or the refusal to return, named by the op it claimed (cut short: it is untrusted text).
 */
export function validatedRequest(request: unknown, startedAt: Date): { ok: true; request: OpRequest } | { ok: false; refused: OpResult } {
  const parsed = parseOpRequest(request);
  if (parsed.ok) return { ok: true, request: parsed.request };
  const op = typeof (request as { op?: unknown } | null)?.op === 'string' ? String((request as { op: string }).op).slice(0, 40) : '?';
  return { ok: false, refused: refusedResult(op, [], startedAt, `refused: ${parsed.error}`) };
}
