import { buildAuditorApi, type AuditorApi } from '../../../shared/ipc/api';
import { createLoopbackTransport } from './loopbackTransport';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the renderer runs in a plain browser. */
    auditor?: AuditorApi;
  }
}

let api: AuditorApi | null = null;

/**
 * The same renderer runs in Electron (preload API) and in a browser against
 * `pptp-auditor serve` (loopback WebSocket under the page's own token path).
 */
export function auditor(): AuditorApi {
  if (api) return api;
  if (window.auditor) {
    api = window.auditor;
  } else {
    const wsUrl = new URL('ws', window.location.href);
    wsUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    api = buildAuditorApi(createLoopbackTransport(wsUrl.toString()));
  }
  return api;
}

export function bindingName(): 'electron' | 'browser' {
  return window.auditor ? 'electron' : 'browser';
}
