import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';

/**
 * Host-key pinning from an OpenSSH known_hosts file (sshd(8), SSH_KNOWN_HOSTS FILE FORMAT):
 * `[marker] hostpatterns keytype base64-key [comment]`. Host patterns are comma lists of names,
 * `[host]:port` for a port other than 22, `!negations`, `*`/`?` wildcards, or hashed entries
 * `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`. `@revoked` keys are refused wherever they
 * appear; `@cert-authority` lines are ignored (certificates are not supported: such a host is
 * then "unknown", never silently trusted).
 */

export interface KnownKey {
  keyType: string;
  /** The raw public key blob (what the server presents). */
  blob: Buffer;
  revoked: boolean;
}

export type HostKeyVerdict =
  | { status: 'trusted'; fingerprint: string }
  | { status: 'unknown'; fingerprint: string }
  | { status: 'mismatch'; fingerprint: string; expected: string[] }
  | { status: 'revoked'; fingerprint: string };

/** OpenSSH's SHA256 fingerprint: unpadded base64 of the blob's SHA-256. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The name a known_hosts entry is written for: `host` on port 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\[\]]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');
  return re.test(name);
}

function hashedMatch(entry: string, name: string): boolean {
  const parts = entry.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2]!, 'base64');
  const expected = Buffer.from(parts[3]!, 'base64');
  const actual = createHmac('sha1', salt).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether a comma list of host patterns names `name` (a negation that matches wins). */
export function patternsMatch(patterns: string, name: string): boolean {
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('|')) {
      if (hashedMatch(p, name)) matched = true;
    } else if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) {
      matched = true;
    }
  }
  return matched;
}

/** The keys a known_hosts text holds for host:port. Unparseable lines are skipped, as ssh does. */
export function keysFor(text: string, host: string, port: number): KnownKey[] {
  const name = knownHostsName(host, port);
  const out: KnownKey[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let fields = line.split(/\s+/);
    let marker: string | null = null;
    if (fields[0]!.startsWith('@')) {
      marker = fields[0]!;
      fields = fields.slice(1);
    }
    if (marker === '@cert-authority' || fields.length < 3) continue;
    const [patterns, keyType, b64] = fields as [string, string, string];
    if (!patternsMatch(patterns, name)) continue;
    const blob = Buffer.from(b64, 'base64');
    if (blob.length === 0) continue;
    out.push({ keyType, blob, revoked: marker === '@revoked' });
  }
  return out;
}

/** The key type written inside a public key blob (string length + name). */
export function blobKeyType(blob: Buffer): string {
  if (blob.length < 4) return '';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** What to make of the key a server presented, given the keys known for it. */
export function judgeHostKey(known: KnownKey[], presented: Buffer): HostKeyVerdict {
  const fingerprint = sha256Fingerprint(presented);
  if (known.some((k) => k.revoked && k.blob.equals(presented))) return { status: 'revoked', fingerprint };
  const pinned = known.filter((k) => !k.revoked);
  if (pinned.some((k) => k.blob.equals(presented))) return { status: 'trusted', fingerprint };
  if (pinned.length === 0) return { status: 'unknown', fingerprint };
  return { status: 'mismatch', fingerprint, expected: pinned.map((k) => `${k.keyType} ${sha256Fingerprint(k.blob)}`) };
}

/** The one-line refusal for a verdict that is not trusted (null when the key may be used). */
export function refusalOf(verdict: HostKeyVerdict, where: string, file: string, acceptNew: boolean): string | null {
  switch (verdict.status) {
    case 'trusted':
      return null;
    case 'unknown':
      return acceptNew
        ? null
        : `host key of ${where} is not in ${file} (it presented ${verdict.fingerprint}); check it with the gateway's administrator, then retry with --accept-new-host-key`;
    case 'mismatch':
      return `HOST KEY MISMATCH for ${where}: it presented ${verdict.fingerprint}, ${file} pins ${verdict.expected.join(' / ')}; refused (a changed key can mean an interception)`;
    case 'revoked':
      return `host key of ${where} (${verdict.fingerprint}) is marked @revoked in ${file}; refused`;
  }
}

export function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Records a key accepted on first use, the way ssh would (plain name, so the auditor can read it). */
export function appendKnownHost(file: string, host: string, port: number, blob: Buffer): void {
  appendFileSync(file, `${knownHostsName(host, port)} ${blobKeyType(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}
