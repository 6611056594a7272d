import type {
  InvokeName,
  PayloadOf,
  PushName,
  RequestOf,
  ResponseOf,
} from './contract';
import type { Envelope } from './define';

/** How one binding (Electron preload, or the loopback WebSocket) carries the contract. */
export interface Transport {
  invoke(channel: InvokeName, request: unknown): Promise<Envelope<unknown>>;
  subscribe(channel: PushName, listener: (payload: unknown) => void): () => void;
}

export class AuditorIpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Field path → plain sentence, when the request was refused by its schema. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AuditorIpcError';
  }
}

function caller<C extends InvokeName>(transport: Transport, channel: C) {
  return async (request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const envelope = await transport.invoke(channel, request);
    if (!envelope.ok) throw new AuditorIpcError(envelope.error.code, envelope.error.message, envelope.error.fields);
    return envelope.value as ResponseOf<C>;
  };
}

/**
 * The narrow, named API the renderer sees as `window.auditor`. Every method is spelled out
 * here so the surface is reviewable in one place; there is no generic `invoke`.
 */
export function buildAuditorApi(transport: Transport) {
  return {
    interfaces: {
      list: caller(transport, 'interfaces.list'),
    },
    throughput: {
      start: caller(transport, 'throughput.start'),
      stop: caller(transport, 'throughput.stop'),
    },
    report: {
      model: caller(transport, 'report.model'),
    },
    audits: {
      list: caller(transport, 'audits.list'),
      sample: caller(transport, 'audits.sample'),
      open: caller(transport, 'audits.open'),
      compare: caller(transport, 'audits.compare'),
    },
    evidence: {
      list: caller(transport, 'evidence.list'),
      read: caller(transport, 'evidence.read'),
    },
    baseline: {
      import: caller(transport, 'baseline.import'),
      get: caller(transport, 'baseline.get'),
    },
    terminal: {
      open: caller(transport, 'terminal.open'),
      write: caller(transport, 'terminal.write'),
      resize: caller(transport, 'terminal.resize'),
      close: caller(transport, 'terminal.close'),
    },
    privileges: {
      status: caller(transport, 'privileges.status'),
      elevate: caller(transport, 'privileges.elevate'),
    },
    target: {
      state: caller(transport, 'target.state'),
      connect: caller(transport, 'target.connect'),
      elevate: caller(transport, 'target.elevate'),
      disconnect: caller(transport, 'target.disconnect'),
      profiles: caller(transport, 'target.profiles'),
      saveProfile: caller(transport, 'target.saveProfile'),
      deleteProfile: caller(transport, 'target.deleteProfile'),
    },
    audit: {
      start: caller(transport, 'audit.start'),
      runStep: caller(transport, 'audit.runStep'),
      skip: caller(transport, 'audit.skip'),
      note: caller(transport, 'audit.note'),
      finish: caller(transport, 'audit.finish'),
      exportPdf: caller(transport, 'audit.exportPdf'),
      cancel: caller(transport, 'audit.cancel'),
      current: caller(transport, 'audit.current'),
      resume: caller(transport, 'audit.resume'),
      abandon: caller(transport, 'audit.abandon'),
    },
    on<P extends PushName>(channel: P, listener: (payload: PayloadOf<P>) => void): () => void {
      return transport.subscribe(channel, listener as (payload: unknown) => void);
    },
  };
}

export type AuditorApi = ReturnType<typeof buildAuditorApi>;
