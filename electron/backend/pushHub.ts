import type { PayloadOf, PushName } from '../../shared/ipc/contract';

export type PushListener = <P extends PushName>(channel: P, payload: PayloadOf<P>) => void;

/** Fans backend events out to every connected binding (the Electron window, loopback clients). */
export class PushHub {
  private readonly listeners = new Set<PushListener>();

  subscribe(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<P extends PushName>(channel: P, payload: PayloadOf<P>): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch {
        // A window that went away must not stop the stream for the others.
      }
    }
  }
}
