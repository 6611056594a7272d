/**
 * What every web contents of the app gets, whatever window it belongs to (the main window, the
 * hidden print window, any created later): it never navigates, never follows a redirect, never
 * opens a window, never attaches a <webview>. Our pages are loaded by the main process with
 * loadURL, which raises none of these events; anything that does raise one came from page
 * content (a link, a form, a script, a server) and is refused.
 *
 * Typed structurally (the parts of Electron's WebContents used here) so it is tested under
 * Node with a small fake: the real `electron` module cannot be loaded on the build machines.
 */
export interface PreventableEvent {
  preventDefault(): void;
}

export interface LockableContents {
  on(event: string, listener: (event: PreventableEvent, ...args: unknown[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Navigation events Electron lets the app cancel: top frame, any frame, server redirects. */
export const REFUSED_EVENTS = ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'] as const;

const lockedDown = new WeakSet<object>();

/** Idempotent: a contents reached twice (its window, and app's 'web-contents-created') is locked once. */
export function lockDownContents(contents: LockableContents): void {
  if (lockedDown.has(contents)) return;
  lockedDown.add(contents);
  for (const name of REFUSED_EVENTS) contents.on(name, (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
