import { z } from 'zod';
import { opResultSchema } from './catalogue';

/**
 * Messages on the helper socket (inside frames.ts frames). The client must say hello with the
 * one-time token first; then it sends requests tagged with an id, and the helper answers each
 * id with exactly one result (and, for streaming operations, lines before it).
 */
export const HELPER_PROTOCOL_VERSION = 1;
/** Printed by the helper on stdout once its socket listens (the elevator waits for it). */
export const HELPER_READY_MARKER = 'PPTP-AUDITOR-HELPER-READY';
export const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

const requestId = z.number().int().min(1).max(2 ** 31);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().max(128), protocol: z.number().int() }).strict(),
  // `request` is validated separately (against the operation catalogue) so a bad request gets
  // a result with a clear error under its own id instead of a generic protocol error.
  z.object({ type: z.literal('request'), id: requestId, request: z.unknown() }).strict(),
  z.object({ type: z.literal('cancel'), id: requestId }).strict(),
  // Switch the audit log (a new audit, a new evidence folder). Opened with the auditor's rights.
  z.object({ type: z.literal('auditLog'), id: requestId, path: z.string().min(1).max(4096) }).strict(),
  z.object({ type: z.literal('shutdown') }).strict(),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const helperMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocol: z.number(),
    pid: z.number(),
    euid: z.number(),
    ops: z.array(z.string()),
  }),
  z.object({ type: z.literal('line'), id: requestId, stream: z.enum(['stdout', 'stderr']), line: z.string() }),
  z.object({ type: z.literal('result'), id: requestId, result: opResultSchema }),
  z.object({ type: z.literal('auditLogSet'), id: requestId, path: z.string() }),
  z.object({ type: z.literal('error'), id: requestId.nullable(), message: z.string() }),
]);
export type HelperMessage = z.infer<typeof helperMessageSchema>;
