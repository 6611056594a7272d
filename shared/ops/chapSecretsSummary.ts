/**
 * Summary of /etc/ppp/chap-secrets WITHOUT the secrets. This runs inside the helper; what it
 * returns is the only thing that leaves the `ppp.chapSecrets` operation, so it must never carry
 * a secret or any slice of one: no raw lines, no secret characters, and parse errors name a line
 * number only (a malformed line may have its secret anywhere).
 *
 * Format (pppd(8), AUTHENTICATION): one entry per line, words separated by blanks,
 * `client server secret [acceptable IP addresses...]`, `#` starts a comment, words may be
 * quoted with ' or " and use backslash escapes. A secret `@/path` means "read it from a file".
 */

export interface ChapSecretEntry {
  /** 1-based line number in the file. */
  line: number;
  client: string;
  server: string;
  /** '*' in the address field (any address), no field at all, or a list of addresses. */
  ipField: 'wildcard' | 'absent' | 'restricted';
  ipWildcard: boolean;
  addressCount: number;
  secretKind: 'literal' | 'file-reference' | 'empty';
  /** Characters in the secret (0 for a file reference: its content is not read). */
  secretLength: number;
  /**
   * Estimated bits: the smaller of length x log2(pool of the character classes used) and
   * length x the Shannon entropy of the secret's own characters, so "aaaa...a" scores ~0.
   */
  entropyBits: number;
  characterClasses: { lower: boolean; upper: boolean; digit: boolean; symbol: boolean };
  /** The secret equals or is contained in the client or server name (names are then masked). */
  secretInName: boolean;
}

export interface ChapSecretsFileMeta {
  path: string;
  /** st_mode (permission bits at least). */
  mode: number;
  uid: number;
  gid: number;
  owner: string | null;
  group: string | null;
  sizeBytes: number;
}

export interface ChapSecretsSummary {
  path: string;
  /** Permission bits as octal text, e.g. "0600". */
  mode: string;
  uid: number;
  gid: number;
  owner: string | null;
  group: string | null;
  sizeBytes: number;
  worldReadable: boolean;
  groupReadable: boolean;
  worldWritable: boolean;
  entries: ChapSecretEntry[];
  /** Lines that could not be read as an entry (line numbers only, never content). */
  malformedLines: number[];
}

const MAX_NAME = 128;
const MASKED = '<masked: contains the secret>';

/** Split one line into words the way pppd's getword does (quotes, backslash escapes, #). */
export function splitSecretsLine(line: string): { words: string[]; ok: boolean } {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') break;
    let word = '';
    let quote: string | null = null;
    while (i < line.length) {
      const ch = line[i]!;
      if (quote === null && (ch === ' ' || ch === '\t' || ch === '\r')) break;
      if (quote === null && ch === '#' && word === '') break;
      if (ch === '\\') {
        if (i + 1 >= line.length) return { words, ok: false };
        word += line[i + 1]!;
        i += 2;
        continue;
      }
      if (quote === null && (ch === '"' || ch === "'")) {
        quote = ch;
        i++;
        continue;
      }
      if (quote !== null && ch === quote) {
        quote = null;
        i++;
        continue;
      }
      word += ch;
      i++;
    }
    if (quote !== null) return { words, ok: false };
    words.push(word);
  }
  return { words, ok: true };
}

export function entropyBits(secret: string): number {
  const chars = Array.from(secret);
  if (chars.length === 0) return 0;
  const classes = characterClasses(secret);
  const pool =
    (classes.lower ? 26 : 0) + (classes.upper ? 26 : 0) + (classes.digit ? 10 : 0) + (classes.symbol ? 33 : 0);
  const poolBits = chars.length * Math.log2(Math.max(pool, 1));
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  const shannonBits = chars.length * perChar;
  return Math.round(Math.min(poolBits, shannonBits) * 10) / 10;
}

export function characterClasses(secret: string): ChapSecretEntry['characterClasses'] {
  return {
    lower: /[a-z]/.test(secret),
    upper: /[A-Z]/.test(secret),
    digit: /[0-9]/.test(secret),
    // Anything else counts as a symbol (punctuation, space, non-ASCII).
    symbol: /[^A-Za-z0-9]/.test(secret),
  };
}

function cleanName(name: string): string {
  // Control characters would make the evidence hard to read; names are capped.
  const printable = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > MAX_NAME ? `${printable.slice(0, MAX_NAME)}...` : printable;
}

export function summariseChapSecrets(text: string, meta: ChapSecretsFileMeta): ChapSecretsSummary {
  const entries: ChapSecretEntry[] = [];
  const malformedLines: number[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const { words, ok } = splitSecretsLine(raw);
    if (ok && words.length === 0) return;
    if (!ok || words.length < 3) {
      malformedLines.push(lineNo);
      return;
    }
    const [client, server, secret, ...addresses] = words as [string, string, string, ...string[]];
    const isFile = secret.startsWith('@') && secret.length > 1;
    const literal = isFile ? '' : secret;
    // A short secret is a substring of almost anything; only compare meaningful lengths.
    const secretInName =
      literal.length >= 3 && (client.includes(literal) || server.includes(literal));
    const realAddresses = addresses.filter((a) => a !== '');
    const ipWildcard = realAddresses.includes('*');
    entries.push({
      line: lineNo,
      client: secretInName ? MASKED : cleanName(client),
      server: secretInName ? MASKED : cleanName(server),
      ipField: ipWildcard ? 'wildcard' : realAddresses.length === 0 ? 'absent' : 'restricted',
      ipWildcard,
      addressCount: realAddresses.length,
      secretKind: isFile ? 'file-reference' : secret === '' ? 'empty' : 'literal',
      secretLength: Array.from(literal).length,
      entropyBits: entropyBits(literal),
      characterClasses: characterClasses(literal),
      secretInName,
    });
  });
  const perm = meta.mode & 0o7777;
  return {
    path: meta.path,
    mode: `0${(perm & 0o777).toString(8).padStart(3, '0')}`,
    uid: meta.uid,
    gid: meta.gid,
    owner: meta.owner,
    group: meta.group,
    sizeBytes: meta.sizeBytes,
    worldReadable: (perm & 0o004) !== 0,
    groupReadable: (perm & 0o040) !== 0,
    worldWritable: (perm & 0o002) !== 0,
    entries,
    malformedLines,
  };
}
