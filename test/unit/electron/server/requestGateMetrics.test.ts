import { describe, expect, it } from 'vitest';
import { admitRequest } from '../../../../electron/server/requestGate';

const keys = { token: 'a'.repeat(64), port: 4000, metricsToken: 'scrape-token-0123456789abcdef' };
const req = (headers: Record<string, string>, url = '/metrics') => ({ url, headers: { host: '127.0.0.1:4000', ...headers } });

describe('admitRequest: /metrics for a Prometheus scrape', () => {
  it('admits the metrics bearer token', () => {
    expect(admitRequest(req({ authorization: `Bearer ${keys.metricsToken}` }), keys, false)).toEqual({ ok: true, kind: 'metrics' });
  });

  it.each([
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer scrape-token-0123456789abcdeX' }],
    ["the app's own token", { authorization: `Bearer ${'a'.repeat(64)}` }],
    ['basic auth', { authorization: `Basic ${Buffer.from(`u:${keys.metricsToken}`).toString('base64')}` }],
    ['a token with a trailing space', { authorization: `Bearer ${keys.metricsToken} ` }],
    ['another Host (DNS rebinding)', { authorization: `Bearer ${keys.metricsToken}`, host: 'evil.example:4000' }],
  ])('refuses %s', (_what, headers) => {
    expect(admitRequest(req(headers), keys, false)).toMatchObject({ ok: false, status: 403 });
  });

  it('serves no /metrics when serve was started without a metrics token', () => {
    const { metricsToken, ...withoutMetrics } = keys;
    expect(admitRequest(req({ authorization: `Bearer ${metricsToken}` }), withoutMetrics, false)).toMatchObject({ ok: false, status: 403 });
  });

  it('never upgrades /metrics to a WebSocket', () => {
    expect(admitRequest(req({ authorization: `Bearer ${keys.metricsToken}`, origin: 'http://127.0.0.1:4000' }), keys, true)).toMatchObject({ ok: false });
  });

  it('the metrics token opens nothing of the app', () => {
    expect(admitRequest(req({}, `/${keys.metricsToken}/index.html`), keys, false)).toMatchObject({ ok: false, status: 403 });
  });
});
