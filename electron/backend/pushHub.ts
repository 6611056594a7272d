import type { PayloadOf, PushName } from '../../shared/ipc/contract';

export type PushListener = <P extends PushName>(channel: P, payload: PayloadOf<P>) => void;

interface Subscriber {
  listener: PushListener;
  /** The client this listener delivers to; null: it hears broadcasts only. */
  clientId: string | null;
}

/**
 * Fans backend events out to the connected bindings (the Electron window, loopback clients).
 * An event is either for everyone (audit progress, throughput) or for one client only (a
 * terminal's output goes to the window that owns the terminal and to no other).
 */
export class PushHub {
  private readonly subscribers = new Set<Subscriber>();

  /** `clientId`: the binding's client, so pushes addressed to it reach it (and no one else's do). */
  subscribe(listener: PushListener, clientId: string | null = null): () => void {
    const subscriber: Subscriber = { listener, clientId };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** `to`: deliver to that client's listeners only; omitted: to every listener. */
  emit<P extends PushName>(channel: P, payload: PayloadOf<P>, to?: string): void {
    for (const { listener, clientId } of this.subscribers) {
      if (to !== undefined && clientId !== to) continue;
      try {
        listener(channel, payload);
      } catch {
        // A window that went away must not stop the stream for the others.
      }
    }
  }
}
