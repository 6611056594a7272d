import { lexPppWords, spellingOf, type PppWord } from '../parsers/pppLexer';

/**
 * Summary of /etc/ppp/chap-secrets WITHOUT the secrets. This runs inside the helper; what it
 * returns is the only thing that leaves the `ppp.chapSecrets` operation, so it must never carry
 * a secret or any slice of one: no raw lines, no secret characters, and parse errors name a line
 * number only (a malformed line may have its secret anywhere).
 *
 * Format (pppd(8), AUTHENTICATION): one entry per line, `client server secret [acceptable IP
 * addresses...] [-- options...]`. The words are read by shared/parsers/pppLexer.ts, pppd's own
 * lexical rules (blanks include \v \f \r, quotes, escapes, backslash-newline, `#` comments),
 * so an entry here is the entry pppd sees. A secret `@/path` means "read it from that file".
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
  /**
   * Entries pppd skips (fewer than three words) or warns about (a quote left open to the end of
   * the file): line numbers only, never content.
   */
  malformedLines: number[];
}

const MAX_NAME = 128;
/** Exported for the remote summary (electron/remote), which masks the same way. */
export const MASKED = '<masked: contains the secret>';

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

export function cleanName(name: string): string {
  // Control characters would make the evidence hard to read; names are capped.
  const printable = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > MAX_NAME ? `${printable.slice(0, MAX_NAME)}...` : printable;
}

/** A secrets-file entry as auth.c reads it: the words from one that starts a line to the next. */
interface RawEntry {
  words: PppWord[];
}

/**
 * Groups the words into entries the way pppd's scan_authfile does: an entry starts with the
 * first word of the file or a word after an unescaped newline and takes every word up to the
 * next such word (a backslash-newline or a quoted newline does not end it).
 */
function entriesOf(words: PppWord[]): RawEntry[] {
  const entries: RawEntry[] = [];
  for (const word of words) {
    const current = entries[entries.length - 1];
    if (current === undefined || word.afterNewline) entries.push({ words: [word] });
    else current.words.push(word);
  }
  return entries;
}

/** pppd reads `@/path` as "the secret is the first word of that file". */
function isFileReference(secret: string): boolean {
  return secret.startsWith('@/');
}

/**
 * The secret values of a secrets file, as pppd reads them (every spelling of each: the value
 * pppd uses, everything it decodes to, and its spelling in the file). The helper's last-line
 * filter refuses any reply that contains one of them.
 */
export function chapSecretValues(text: string): string[] {
  const out: string[] = [];
  for (const entry of entriesOf(lexPppWords(text))) {
    const secret = entry.words[2];
    if (secret === undefined || isFileReference(secret.value)) continue;
    out.push(secret.value, secret.decoded, spellingOf(text, secret));
  }
  return out;
}

export function summariseChapSecrets(text: string, meta: ChapSecretsFileMeta): ChapSecretsSummary {
  const entries: ChapSecretEntry[] = [];
  const malformedLines: number[] = [];
  const raw = entriesOf(lexPppWords(text));
  // A short secret is a substring of almost anything; only compare meaningful lengths.
  const literals = raw
    .map((e) => e.words[2]?.value ?? '')
    .filter((s) => !isFileReference(s) && s.length >= 3);
  for (const { words } of raw) {
    const lineNo = words[0]!.line;
    // pppd warns about a quote left open to the end of the file (and keeps the word).
    if (words.some((w) => w.unterminatedQuote)) malformedLines.push(lineNo);
    if (words.length < 3) {
      // pppd skips an entry without a secret.
      if (!malformedLines.includes(lineNo)) malformedLines.push(lineNo);
      continue;
    }
    const [client, server, secret, ...rest] = words.map((w) => w.value) as [string, string, string, ...string[]];
    const isFile = isFileReference(secret);
    const literal = isFile ? '' : secret;
    const secretInName = literal.length >= 3 && (client.includes(literal) || server.includes(literal));
    // A name holding ANY entry's secret is masked, not only its own.
    const nameHoldsASecret = (name: string) => secretInName || literals.some((s) => name.includes(s));
    // Words after "--" are extra pppd options, not addresses.
    const dashes = rest.indexOf('--');
    const realAddresses = (dashes >= 0 ? rest.slice(0, dashes) : rest).filter((a) => a !== '');
    const ipWildcard = realAddresses.includes('*');
    entries.push({
      line: lineNo,
      client: nameHoldsASecret(client) ? MASKED : cleanName(client),
      server: nameHoldsASecret(server) ? MASKED : cleanName(server),
      ipField: ipWildcard ? 'wildcard' : realAddresses.length === 0 ? 'absent' : 'restricted',
      ipWildcard,
      addressCount: realAddresses.length,
      secretKind: isFile ? 'file-reference' : secret === '' ? 'empty' : 'literal',
      secretLength: Array.from(literal).length,
      entropyBits: entropyBits(literal),
      characterClasses: characterClasses(literal),
      secretInName,
    });
  }
  return chapSecretsSummaryOf(meta, entries, malformedLines);
}

/** The summary of a file from its metadata and its entries (summarised here, or on a gateway by the awk program). */
export function chapSecretsSummaryOf(meta: ChapSecretsFileMeta, entries: ChapSecretEntry[], malformedLines: number[]): ChapSecretsSummary {
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
    malformedLines: [...malformedLines].sort((a, b) => a - b),
  };
}
