import { contextBridge, ipcRenderer } from 'electron';
import { buildAuditorApi, type Transport } from '../shared/ipc/api';
import type { Envelope } from '../shared/ipc/define';

const INVOKE_PREFIX = 'auditor:invoke:';
const PUSH_CHANNEL = 'auditor:push';

// One listener for all pushes, fanned out by channel name inside the isolated world.
const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(PUSH_CHANNEL, (_event, channel: string, payload: unknown) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
});

const transport: Transport = {
  invoke: (channel, request) =>
    ipcRenderer.invoke(`${INVOKE_PREFIX}${channel}`, request) as Promise<Envelope<unknown>>,
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
};

// Only the named API crosses the bridge; ipcRenderer itself never does.
contextBridge.exposeInMainWorld('auditor', buildAuditorApi(transport));
