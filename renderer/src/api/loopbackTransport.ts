import type { Transport } from '../../../shared/ipc/api';
import type { Envelope } from '../../../shared/ipc/define';
import type { ServerFrame } from '../../../shared/ipc/loopbackFrames';

/** The browser side of the loopback binding: request ids pair replies; pushes fan out by channel. */
export function createLoopbackTransport(url: string): Transport {
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('cannot reach the backend')), { once: true });
  });
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (event) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(event.data)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.kind === 'reply') {
      pending.get(frame.id)?.(frame.envelope);
      pending.delete(frame.id);
    } else {
      for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'unavailable', message: 'the backend closed the connection' } });
    }
    pending.clear();
  });

  return {
    async invoke(channel, request) {
      await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, payload: request }));
      });
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
