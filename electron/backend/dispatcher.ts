import {
  invokeChannels,
  isInvokeName,
  type InvokeName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/ipc/contract';
import type { Envelope, IpcError } from '../../shared/ipc/define';
import { fieldMessages, plainSummary } from '../../shared/ipc/plainIssues';

/** Who is calling: each binding fills it after its own authentication of the caller. */
export interface CallContext {
  binding: 'electron' | 'loopback';
  /** Identifies the connection/window so per-client resources can be released with it. */
  clientId: string;
}

export type Handlers = {
  [C in InvokeName]: (
    request: ParsedRequestOf<C>,
    context: CallContext,
  ) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

/** A failure the caller should see as-is (bad interface, tool missing), not as an internal error. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly code: IpcError['code'] = 'failed',
  ) {
    super(message);
  }
}

export type Dispatch = (channel: unknown, payload: unknown, context: CallContext) => Promise<Envelope<unknown>>;

/**
 * The one chokepoint every IPC call goes through, whatever the binding: unknown channels are
 * refused, the payload is parsed with the channel's schema, and every error becomes data.
 */
export function createDispatcher(handlers: Handlers, log: (line: string) => void = () => {}): Dispatch {
  return async (channel, payload, context) => {
    if (!isInvokeName(channel)) {
      return fail('unknown-channel', `unknown channel ${JSON.stringify(String(channel).slice(0, 64))}`);
    }
    const parsed = invokeChannels[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      // In the auditor's words, per field: the form shows each sentence beside its field.
      const { issues } = parsed.error;
      return fail('invalid-request', plainSummary(issues, payload) || 'invalid request', fieldMessages(issues, payload));
    }
    try {
      const handler = handlers[channel] as (r: unknown, c: CallContext) => unknown;
      return { ok: true, value: await handler(parsed.data, context) };
    } catch (error) {
      if (error instanceof UserFacingError) return fail(error.code, error.message);
      log(`${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fail('failed', `${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

function fail(code: IpcError['code'], message: string, fields?: Record<string, string>): Envelope<never> {
  return { ok: false, error: { code, message, ...(fields ? { fields } : {}) } };
}
