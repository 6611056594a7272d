import { describe, expect, it } from 'vitest';
import { lockDownContents, type LockableContents, type PreventableEvent } from '../../../../electron/shell/lockdown';

/**
 * A small fake of Electron's WebContents (event listeners and the window-open handler), enough
 * to raise each event the way Electron does and see whether the page would have been allowed.
 */
class FakeContents implements LockableContents {
  private readonly listeners = new Map<string, Array<(event: PreventableEvent, ...args: unknown[]) => void>>();
  openHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | null = null;

  on(event: string, listener: (event: PreventableEvent, ...args: unknown[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Raises `event` as Electron would: true when a listener cancelled it. */
  raise(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(event) ?? []) listener({ preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }

  /** What Electron does on window.open / target=_blank: no handler means the window opens. */
  opens(url: string): boolean {
    return (this.openHandler?.({ url }).action ?? 'allow') === 'allow';
  }
}

const hostileTargets = [
  'https://attacker.example/',
  'http://127.0.0.1:8080/',
  'file:///etc/shadow',
  'app://renderer/index.html',
  'app://renderer/report.html#audit=x',
  'javascript:alert(1)',
  'data:text/html,<script>1</script>',
  'about:blank',
];

describe('lockDownContents (every window: main, hidden print window, any other)', () => {
  it('cancels every navigation, frame navigation and redirect, even to a page of the app', () => {
    const contents = new FakeContents();
    lockDownContents(contents);
    for (const url of hostileTargets) {
      expect(contents.raise('will-navigate', url), `will-navigate ${url}`).toBe(true);
      expect(contents.raise('will-frame-navigate', { url, isMainFrame: false }), `will-frame-navigate ${url}`).toBe(true);
      expect(contents.raise('will-redirect', url), `will-redirect ${url}`).toBe(true);
    }
  });

  it('denies every new window and every <webview>', () => {
    const contents = new FakeContents();
    lockDownContents(contents);
    for (const url of hostileTargets) expect(contents.opens(url), url).toBe(false);
    expect(contents.raise('will-attach-webview', {}, { src: 'https://attacker.example/' })).toBe(true);
  });

  it('leaves an unlocked contents open, so the fake would catch a window that skipped it', () => {
    const contents = new FakeContents();
    expect(contents.raise('will-navigate', 'https://attacker.example/')).toBe(false);
    expect(contents.opens('https://attacker.example/')).toBe(true);
  });

  it('locks a contents once when it is reached twice (its window, then web-contents-created)', () => {
    const contents = new FakeContents();
    lockDownContents(contents);
    lockDownContents(contents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-redirect')).toBe(1);
  });
});
