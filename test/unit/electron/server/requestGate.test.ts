import { describe, expect, it } from 'vitest';
import { admitRequest } from '../../../../electron/server/requestGate';

const token = 'ab'.repeat(32);
const port = 4242;
const keys = { token, port };
const host = `127.0.0.1:${port}`;
const origin = `http://127.0.0.1:${port}`;

function http(url: string, headers: Record<string, string> = { host }) {
  return admitRequest({ url, headers }, keys, false);
}

describe('requestGate', () => {
  // Each of these made new URL() throw and ended the server before any check.
  it.each(['//', '///', '//:', '//[', '//%zz', '//@', '//[::1', '/%', 'x', '*', 'http://[/', ''])(
    'refuses %j without throwing',
    (url) => {
      expect(http(url)).toEqual({ ok: false, status: 403, message: 'forbidden' });
      expect(admitRequest({ url, headers: { host, origin } }, keys, true)).toEqual({ ok: false, status: 403, message: 'forbidden' });
    },
  );

  it('checks the Host before anything else, then the Origin of an upgrade, then the token', () => {
    expect(http(`/${token}/`, { host: 'evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(http(`/${token}/`, {})).toMatchObject({ ok: false, status: 403 });
    expect(http('/favicon.ico', { host: 'evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(admitRequest({ url: `/${token}/ws`, headers: { host } }, keys, true)).toMatchObject({ ok: false, status: 403 });
    expect(admitRequest({ url: `/${token}/ws`, headers: { host, origin: 'http://evil.example' } }, keys, true)).toMatchObject({ ok: false, status: 403 });
    expect(admitRequest({ url: `/${token}/ws`, headers: { host, origin } }, keys, true)).toEqual({ ok: true, kind: 'app', segments: ['ws'] });
    expect(http(`/${token.toUpperCase()}/`)).toMatchObject({ ok: false, status: 403 });
    expect(http(`/${token}x/`)).toMatchObject({ ok: false, status: 403 });
    expect(http(`/${token.slice(1)}/`)).toMatchObject({ ok: false, status: 403 });
  });

  it('answers the favicon without the token, as a plain request only', () => {
    expect(http('/favicon.ico')).toEqual({ ok: true, kind: 'favicon' });
    expect(http('/favicon.ico?v=2')).toEqual({ ok: true, kind: 'favicon' });
    expect(admitRequest({ url: '/favicon.ico', headers: { host, origin } }, keys, true)).toMatchObject({ ok: false });
    expect(http('/favicon.ico/..')).toMatchObject({ ok: false, status: 403 });
  });

  it('decodes the segments after the token and refuses those that could leave the renderer', () => {
    expect(http(`/${token}/`)).toEqual({ ok: true, kind: 'app', segments: [''] });
    expect(http(`/${token}`)).toEqual({ ok: true, kind: 'app', segments: [] });
    expect(http(`/${token}/assets/a%20b.js?x=//[#y`)).toEqual({ ok: true, kind: 'app', segments: ['assets', 'a b.js'] });
    for (const bad of ['..', '%2e%2e', '.', '%2E', '..%2f..', '%2f', '%5c', 'a%00', '%zz', '%', 'a//b', '%c0%ae']) {
      expect(http(`/${token}/${bad}/x`), bad).toEqual({ ok: false, status: 400, message: 'malformed path' });
    }
  });
});
