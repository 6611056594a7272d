import type { z } from 'zod';

/**
 * A request/response channel: the zod schema validates what the renderer sends
 * (untrusted), the response type is only a type because it comes from our own backend.
 */
export interface InvokeChannel<Req extends z.ZodType, Res> {
  readonly request: Req;
  /** Phantom field: carries the response type, never read at run time. */
  readonly response?: Res;
}

/** A main → renderer stream. Payloads are produced by the backend, so a type suffices. */
export interface PushChannel<Payload> {
  readonly payload?: Payload;
}

export function invoke<Res>() {
  return <Req extends z.ZodType>(request: Req): InvokeChannel<Req, Res> => ({ request });
}

export function push<Payload>(): PushChannel<Payload> {
  return {};
}

/** What crosses the wire for every invoke: errors are normalised into data, never thrown across. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface IpcError {
  code: 'unknown-channel' | 'invalid-request' | 'forbidden' | 'failed' | 'unavailable';
  message: string;
  /** For a refused request: one plain sentence per field (shared/ipc/plainIssues), shown beside the field. */
  fields?: Record<string, string>;
}
