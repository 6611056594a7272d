import { describe, expect, it } from 'vitest';
import { auditInvoke } from '../../../../shared/ipc/channels/audit';
import { fieldMessages, plainSummary } from '../../../../shared/ipc/plainIssues';
import { createDispatcher, type Handlers } from '../../../../electron/backend/dispatcher';

/** What the schema says about a request, as the form and the backend's refusal say it. */
function said(channel: 'audit.start' | 'audit.runStep' | 'audit.abandon', request: Record<string, unknown>) {
  const parsed = auditInvoke[channel].request.safeParse(request);
  if (parsed.success) throw new Error('expected the request to be refused');
  return fieldMessages(parsed.error.issues, request);
}

const target = { iface: 'ppp0', carrier: 'eth0', remoteIp: '192.168.77.2' };

describe('schema issues in the words of an auditor, per field', () => {
  it('says every field of the start form that needs attention, at once, by its label', () => {
    expect(
      said('audit.start', {
        identity: { site: '', asset: 'x'.repeat(201) },
        target: { iface: '-ppp0', carrier: 'eth0', remoteIp: '10.77.0' },
        linkSpeedMbps: -3,
      }),
    ).toEqual({
      'identity.site': 'Site is required.',
      'identity.asset': 'Asset must be at most 200 characters.',
      'target.iface': 'Tunnel interface must be an interface name of 1 to 15 letters, digits, _ . : or - (for example ppp0), not starting with -.',
      'target.remoteIp': 'Remote tunnel address must be an IPv4 address such as 192.168.77.2, or an IPv6 address.',
      linkSpeedMbps: 'Link capacity must be greater than 0 Mbit/s.',
    });
  });

  it('calls an empty field missing whatever rule it broke (an empty carrier is no "invalid interface name")', () => {
    expect(said('audit.start', { identity: { site: 'S' }, target: { ...target, carrier: '' } })).toEqual({ 'target.carrier': 'Carrier interface is required.' });
    expect(said('audit.abandon', { auditId: '00000000-0000-4000-8000-000000000000', reason: '   ' })).toEqual({ reason: 'Reason is required.' });
  });

  it('gives the unit of a step option', () => {
    const base = { auditId: '00000000-0000-4000-8000-000000000000', step: 'throughput' };
    expect(said('audit.runStep', { ...base, durationS: 0 })).toEqual({ durationS: 'Window must be at least 5 seconds.' });
    expect(said('audit.runStep', { ...base, durationS: 7200 })).toEqual({ durationS: 'Window must be at most 3600 seconds.' });
    expect(said('audit.runStep', { ...base, durationS: 2.5 })).toEqual({ durationS: 'Window must be a whole number of seconds.' });
    expect(said('audit.runStep', { ...base, pingCount: Number.NaN })).toEqual({ pingCount: 'Echo requests must be a number.' });
  });

  it('never lets a developer message through: no paths, no "Too small", no "expected string"', () => {
    const parsed = auditInvoke['audit.start'].request.safeParse({ identity: { site: '' }, target: { iface: '', carrier: '', remoteIp: '' } });
    const summary = plainSummary(parsed.error!.issues, { identity: { site: '' }, target: { iface: '', carrier: '', remoteIp: '' } });
    expect(summary).toBe('Site is required. Tunnel interface is required. Carrier interface is required. Remote tunnel address is required.');
    expect(summary).not.toMatch(/identity\.|target\.|Too small|expected/);
  });

  it('the backend refuses a bad request with the same sentences, per field', async () => {
    const dispatch = createDispatcher({} as Handlers);
    const out = await dispatch('audit.start', { identity: { site: '' }, target: { ...target, remoteIp: '300.1.1.1' } }, { binding: 'loopback', clientId: 'c' });
    expect(out).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message: 'Site is required. Remote tunnel address must be an IPv4 address such as 192.168.77.2, or an IPv6 address.',
        fields: {
          'identity.site': 'Site is required.',
          'target.remoteIp': 'Remote tunnel address must be an IPv4 address such as 192.168.77.2, or an IPv6 address.',
        },
      },
    });
  });
});
