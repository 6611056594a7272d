import { describe, expect, it } from 'vitest';
import {
  allowPermission,
  appRequestPath,
  isAppUrl,
  isTrustedSender,
  secureWebPreferences,
} from '../../../../electron/shell/policy';

describe('window security policy', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
    });
  });

  it('recognises our origin on the parsed URL, not by substring', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true);
    expect(isAppUrl('app://renderer.evil.example/index.html')).toBe(false);
    expect(isAppUrl('https://evil.example/app://renderer/')).toBe(false);
    expect(isAppUrl('app://user:pw@renderer/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('answers IPC only for the main frame of our page', () => {
    expect(isTrustedSender('app://renderer/index.html', true)).toBe(true);
    expect(isTrustedSender('app://renderer/index.html', false)).toBe(false);
    expect(isTrustedSender('https://example.org/', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });

  it('blocks every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(allowPermission(p)).toBe(false);
    }
  });

  it('maps app:// paths into the bundle and refuses traversal', () => {
    expect(appRequestPath('app://renderer/')).toBe('index.html');
    expect(appRequestPath('app://renderer/assets/index.js')).toBe('assets/index.js');
    // The URL parser folds dot segments, so this stays inside the bundle...
    expect(appRequestPath('app://renderer/%2e%2e/%2e%2e/etc/passwd')).toBe('etc/passwd');
    // ...and an encoded slash that would decode into '..' segments is refused.
    expect(appRequestPath('app://renderer/..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(appRequestPath('app://other/index.html')).toBeNull();
  });
});
