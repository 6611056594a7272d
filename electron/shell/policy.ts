/**
 * The security policy of the desktop window, as plain data and pure functions so it is tested
 * under Node (no Electron binary can be downloaded on the build machines). window.ts applies it;
 * navigation and new windows are refused for every web contents by lockdown.ts.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}

/** True only for a page of our own bundle, compared on the parsed URL, never by substring. */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

/** IPC is answered only for the main frame of our own page. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl);
}

/** No camera, notifications, clipboard reads, geolocation...: an audit tool needs none. */
export function allowPermission(_permission: string): boolean {
  return false;
}

/** Map an app:// request path onto a file of the built renderer, refusing anything outside it. */
export function appRequestPath(raw: string): string | null {
  if (!isAppUrl(raw)) return null;
  const pathname = decodeURIComponent(new URL(raw).pathname);
  if (pathname.split('/').some((part) => part === '..')) return null;
  return pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
}
