import { createHash } from 'node:crypto';
import type { OpResult } from '../../shared/ops/catalogue';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A result for an operation that did not run a tool (refused, missing tool, unreadable file). */
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
