import { ipcMain, type BrowserWindow } from 'electron';
import { invokeChannels } from '../../shared/ipc/contract';
import type { Backend } from '../backend/backend';
import { isTrustedSender } from './policy';

/** IPC channel names as Electron sees them: one prefix so nothing else collides. */
export const ELECTRON_INVOKE_PREFIX = 'auditor:invoke:';
export const ELECTRON_PUSH_CHANNEL = 'auditor:push';

/**
 * Binds the contract to Electron IPC: one handler per declared channel (no catch-all), each
 * checking that the call comes from the main frame of our own page before the shared
 * dispatcher validates the payload. Pushes go to this window until it is destroyed.
 */
export function bindIpc(backend: Backend, window: BrowserWindow): () => void {
  const clientId = `window-${window.id}`;
  const channels = Object.keys(invokeChannels);
  for (const channel of channels) {
    ipcMain.handle(`${ELECTRON_INVOKE_PREFIX}${channel}`, (event, payload: unknown) => {
      const frame = event.senderFrame;
      const isMain = frame !== null && frame === event.sender.mainFrame;
      // Any window of ours (the main one, the hidden print window) loads only app://renderer;
      // the frame's parsed origin is what is trusted, never the channel or the payload.
      if (!isTrustedSender(frame?.url, isMain)) {
        return { ok: false, error: { code: 'forbidden', message: 'IPC refused: untrusted sender' } };
      }
      return backend.dispatch(channel, payload, {
        binding: 'electron',
        clientId: event.sender === window.webContents ? clientId : `contents-${event.sender.id}`,
      });
    });
  }
  const unsubscribe = backend.hub.subscribe((channel, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ELECTRON_PUSH_CHANNEL, channel, payload);
  }, clientId);
  return () => {
    unsubscribe();
    backend.clientGone(clientId);
    for (const channel of channels) ipcMain.removeHandler(`${ELECTRON_INVOKE_PREFIX}${channel}`);
  };
}
