import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hostKeyRefusal } from '../../../../electron/remote/connection';
import { judgeHostKey, keysFor, sha256Fingerprint } from '../../../../electron/remote/knownHosts';

/** A public key blob as a server sends it: string "ssh-ed25519", string 32 key bytes. */
function ed25519Blob(): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const key = randomBytes(32);
  const len = (n: number) => Buffer.from([0, 0, 0, n]);
  return Buffer.concat([len(type.length), type, len(key.length), key]);
}
const line = (marker: string, blob: Buffer) => `${marker}gw ssh-ed25519 ${blob.toString('base64')}\n`;
const where = 'ssh://root@gw:22';

describe('hostKeyRefusal: a fingerprint confirmed by the auditor trusts an unknown key, and nothing else', () => {
  const presented = ed25519Blob();
  const pinned = ed25519Blob();
  const confirmed = sha256Fingerprint(presented);

  it('accepts an unknown key whose fingerprint is exactly the confirmed one', () => {
    expect(hostKeyRefusal(judgeHostKey([], presented), where, { knownHostsFile: 'kh', trustFingerprint: confirmed })).toBeNull();
  });

  it('refuses an unknown key with another fingerprint, naming both, even with accept-new', () => {
    const other = sha256Fingerprint(ed25519Blob());
    const refusal = hostKeyRefusal(judgeHostKey([], presented), where, { knownHostsFile: 'kh', trustFingerprint: other, acceptNewHostKey: true });
    expect(refusal).toEqual({ reason: 'host-key-unknown', message: `${where}: the gateway presented ${confirmed}, not the ${other} you confirmed; refused` });
    // Exactly: a prefix or a case change of the fingerprint is another fingerprint.
    expect(hostKeyRefusal(judgeHostKey([], presented), where, { knownHostsFile: 'kh', trustFingerprint: confirmed.toLowerCase() })).not.toBeNull();
  });

  it('never lets a confirmed fingerprint override a known_hosts mismatch or a revoked key', () => {
    const mismatch = judgeHostKey(keysFor(line('', pinned), 'gw', 22), presented);
    expect(hostKeyRefusal(mismatch, where, { knownHostsFile: 'kh', trustFingerprint: confirmed })).toMatchObject({ reason: 'host-key-mismatch', message: expect.stringMatching(/HOST KEY MISMATCH/) });
    const revoked = judgeHostKey(keysFor(line('@revoked ', presented), 'gw', 22), presented);
    expect(hostKeyRefusal(revoked, where, { knownHostsFile: 'kh', trustFingerprint: confirmed, acceptNewHostKey: true })).toMatchObject({ reason: 'host-key-revoked' });
  });

  it('keeps the CLI rules without a confirmed fingerprint: unknown refused unless accept-new', () => {
    expect(hostKeyRefusal(judgeHostKey([], presented), where, { knownHostsFile: 'kh' })).toMatchObject({ reason: 'host-key-unknown', message: expect.stringContaining('--accept-new-host-key') });
    expect(hostKeyRefusal(judgeHostKey([], presented), where, { knownHostsFile: 'kh', acceptNewHostKey: true })).toBeNull();
  });
});
