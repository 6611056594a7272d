import path from 'node:path';
import { BrowserWindow, net, protocol, session } from 'electron';
import { pathToFileURL } from 'node:url';
import { RENDERER_CSP } from '../../shared/ipc/csp';
import { lockDownContents } from './lockdown';
import {
  allowPermission,
  APP_ENTRY,
  APP_SCHEME,
  appRequestPath,
  secureWebPreferences,
} from './policy';

/** Must run before app 'ready': app:// behaves like a standard, secure origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves dist/renderer under app://renderer/ with the CSP as a header, not only a meta tag. */
export function serveRenderer(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const relative = appRequestPath(request.url);
    if (relative === null) return new Response('forbidden', { status: 403 });
    const file = path.join(rendererRoot, relative);
    if (!file.startsWith(rendererRoot + path.sep)) return new Response('forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', RENDERER_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(allowPermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    title: 'PPTP Auditor',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  lockDownContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY);
  return window;
}
