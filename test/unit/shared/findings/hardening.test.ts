import { describe, it, expect } from 'vitest';
import { chapEntry, chapSecrets, firewall, listeners } from './facts.fixture';
import { findingsOf, one, statusOf } from './helpers.fixture';

describe('rule tcp1723-unrestricted (real iptables-save fixtures)', () => {
  it('fires when the deciding rule accepts TCP 1723 from anyone, citing it', () => {
    const [f] = findingsOf(one('tcp1723-unrestricted', { firewall: firewall('gre-after-reject'), listeners: listeners() }), 'tcp1723-unrestricted');
    expect(f?.severity).toBe('high');
    expect(f?.evidence[0]?.excerpt).toBe('LISTEN 0.0.0.0:1723 pptpd');
    expect(f?.evidence[1]?.excerpt).toBe('input: ACCEPT by filter/INPUT #4: -A INPUT -p tcp -m tcp --dport 1723 -j ACCEPT');
    expect(f?.troubleshooting.id).toBe('control-port-exposed');
  });

  it('fires on a ruleset that filters nothing', () => {
    expect(statusOf(one('tcp1723-unrestricted', { firewall: firewall('empty'), listeners: listeners() }), 'tcp1723-unrestricted')).toBe('fired');
  });

  it('does not fire on an empty ruleset when nothing listens on TCP 1723: there is nothing to expose', () => {
    const r = one('tcp1723-unrestricted', { firewall: firewall('empty'), listeners: listeners(null) });
    expect(statusOf(r, 'tcp1723-unrestricted')).toBe('clear');
    expect(r.rules[0]?.detail).toMatch(/nothing listens on TCP 1723/);
  });

  it('is not evaluated without the list of listening sockets', () => {
    const r = one('tcp1723-unrestricted', { firewall: firewall('empty') });
    expect(statusOf(r, 'tcp1723-unrestricted')).toBe('not-evaluated');
    expect(r.rules[0]?.detail).toMatch(/listening sockets/);
  });

  it('does not fire when 1723 goes through an allowlist chain ending in DROP', () => {
    const r = one('tcp1723-unrestricted', { firewall: firewall('hardened'), listeners: listeners() });
    expect(statusOf(r, 'tcp1723-unrestricted')).toBe('clear');
    expect(r.rules[0]?.detail).toBe('TCP 1723 accepted only from 192.0.2.0/24, 198.51.100.7/32');
  });

  it('is not evaluated without firewall rules', () => {
    expect(statusOf(one('tcp1723-unrestricted', {}), 'tcp1723-unrestricted')).toBe('not-evaluated');
  });
});

describe('rules chap-secrets-exposed and chap-secrets-weak', () => {
  it('fires high on a world-readable file, medium on group-readable', () => {
    expect(findingsOf(one('chap-secrets-exposed', { chapSecrets: chapSecrets(undefined, '0644') }), 'chap-secrets-exposed')[0]?.severity).toBe('high');
    expect(findingsOf(one('chap-secrets-exposed', { chapSecrets: chapSecrets(undefined, '0640') }), 'chap-secrets-exposed')[0]?.severity).toBe('medium');
    expect(statusOf(one('chap-secrets-exposed', { chapSecrets: chapSecrets(undefined, '0600') }), 'chap-secrets-exposed')).toBe('clear');
  });

  it('fires on short or low-entropy secrets, citing line numbers and lengths only', () => {
    const r = one('chap-secrets-weak', {
      chapSecrets: chapSecrets([chapEntry(), chapEntry({ line: 5, client: 'plc-2', secretLength: 8, entropyBits: 26.6 }), chapEntry({ line: 6, secretLength: 40, entropyBits: 40 })]),
    });
    const [f] = findingsOf(r, 'chap-secrets-weak');
    expect(f?.title).toBe('2 weak CHAP secrets');
    expect(f?.evidence.map((e) => e.excerpt)).toEqual([
      'chap-secrets line 5 (client plc-2): 8 characters, ~26.6 bits estimated',
      'chap-secrets line 6 (client rtu-17): 40 characters, ~40 bits estimated',
    ]);
    expect(f?.troubleshooting.guideText).toContain('32+ characters');
  });

  it('does not fire on long random secrets; file references and empty files are not evaluated', () => {
    expect(statusOf(one('chap-secrets-weak', { chapSecrets: chapSecrets() }), 'chap-secrets-weak')).toBe('clear');
    expect(statusOf(one('chap-secrets-weak', { chapSecrets: chapSecrets([chapEntry({ secretKind: 'file-reference', secretLength: 0, entropyBits: 0 })]) }), 'chap-secrets-weak')).toBe('not-evaluated');
    expect(statusOf(one('chap-secrets-weak', { chapSecrets: chapSecrets([]) }), 'chap-secrets-weak')).toBe('not-evaluated');
  });

  it('treats an empty secret as weak', () => {
    const r = one('chap-secrets-weak', { chapSecrets: chapSecrets([chapEntry({ secretKind: 'empty', secretLength: 0, entropyBits: 0 })]) });
    expect(findingsOf(r, 'chap-secrets-weak')[0]?.evidence[0]?.excerpt).toContain('empty secret');
  });
});
