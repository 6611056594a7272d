import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { judgeHostKey, keysFor, knownHostsName, refusalOf, sha256Fingerprint } from '../../../../electron/remote/knownHosts';

/** A public key blob as a server sends it: string "ssh-ed25519", string 32 key bytes. */
function ed25519Blob(): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const key = randomBytes(32);
  const len = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  return Buffer.concat([len(type.length), type, len(key.length), key]);
}
const line = (name: string, blob: Buffer) => `${name} ssh-ed25519 ${blob.toString('base64')}`;
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts pinning', () => {
  const key = ed25519Blob();
  const other = ed25519Blob();

  it('finds plain, [host]:port, hashed and wildcard entries, and not negated ones', () => {
    expect(keysFor(line('gw', key), 'gw', 22)).toHaveLength(1);
    expect(keysFor(line('gw', key), 'gw', 2222)).toHaveLength(0);
    expect(keysFor(line('[gw]:2222', key), 'gw', 2222)).toHaveLength(1);
    expect(keysFor(line(hashed('gw'), key), 'gw', 22)).toHaveLength(1);
    expect(keysFor(line(hashed('[gw]:2222'), key), 'gw', 2222)).toHaveLength(1);
    expect(keysFor(line(hashed('gw'), key), 'gx', 22)).toHaveLength(0);
    expect(keysFor(line('*.plant,!gw.plant', key), 'gw.plant', 22)).toHaveLength(0);
    expect(keysFor(line('*.plant', key), 'gw.plant', 22)).toHaveLength(1);
    expect(keysFor(`@cert-authority gw ${line('', key).trim()}`, 'gw', 22)).toHaveLength(0);
    expect(knownHostsName('fd00::1', 22)).toBe('fd00::1');
  });

  it('trusts the pinned key, refuses an unknown one unless accept-new, a changed or revoked one always', () => {
    const known = keysFor(`${line('gw', key)}\n`, 'gw', 22);
    expect(judgeHostKey(known, key).status).toBe('trusted');
    const mismatch = judgeHostKey(known, other);
    expect(mismatch.status).toBe('mismatch');
    const message = refusalOf(mismatch, 'ssh://root@gw:22', 'kh', true)!;
    // Both fingerprints, even with --accept-new-host-key.
    expect(message).toContain(sha256Fingerprint(other));
    expect(message).toContain(sha256Fingerprint(key));
    const unknown = judgeHostKey([], key);
    expect(refusalOf(unknown, 'w', 'kh', false)).toContain(sha256Fingerprint(key));
    expect(refusalOf(unknown, 'w', 'kh', true)).toBeNull();
    const revoked = keysFor(`@revoked ${line('gw', key)}\n${line('gw', key)}`, 'gw', 22);
    expect(refusalOf(judgeHostKey(revoked, key), 'w', 'kh', true)).toMatch(/revoked/);
  });
});
