/**
 * A seeded generator of chap-secrets and pppd options files in pppd's grammar (options.c
 * getword, auth.c scan_authfile), each with planted secrets spelled in every lexical form pppd
 * accepts: \v \f \r blanks, backslash-newline between and inside words, single and double
 * quotes (whole words and pieces: pass"word"), backslash escapes (\s \t \xhh \ooo, escaped
 * quotes, # and blanks), comments and comment lines between an option and its value, secrets
 * holding spaces, quotes, # and backslashes. The planted values are what pppd would read.
 */

export interface CorpusFile {
  kind: 'chap-secrets' | 'options';
  text: string;
  /** The secret values pppd reads from this file, in file order. */
  secrets: string[];
}

import { seededRandom as rng } from '../../../support/seededRandom';

export { rng };

type Rnd = () => number;
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const SPECIAL = new Set([' ', '\t', '"', "'", '#', '\\']);
const SECRET_ALPHABET = [...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!$%&()*+,-./:;<=>?@[]^_{|}~ "\'#\\'];
const NAME_ALPHABET = [...'abcdefghijklmnopqrstuvwxyz0123456789-_.'];

/** Blanks between words: every isspace character pppd accepts, and backslash-newline (after a blank). */
const SEPARATORS = [' ', '\t', '\v', '\f', '\r', ' \t', '\v\f', ' \\\n', '\t\\\n\t', ' \\\n '];

function randomSecret(r: Rnd): string {
  for (;;) {
    const length = 10 + Math.floor(r() * 24);
    let s = '';
    for (let i = 0; i < length; i++) s += pick(r, SECRET_ALPHABET);
    // A leading '@/' would make it a file reference; start and end with a letter or digit
    // so no slice check is fooled by a quote.
    s = `Q${s}9`;
    if (/[A-Za-z0-9]{2}/.test(s)) return s;
  }
}

function randomName(r: Rnd, prefix: string): string {
  let s = prefix;
  const length = 3 + Math.floor(r() * 8);
  for (let i = 0; i < length; i++) s += pick(r, NAME_ALPHABET);
  return s;
}

/** One character escaped with a backslash, as pppd decodes it. */
function escapeChar(r: Rnd, c: string): string {
  if (c === ' ') return pick(r, ['\\s', '\\ ', '\\040', '\\x20']);
  if (c === '\t') return pick(r, ['\\t', '\\\t', '\\011']);
  if (/[A-Za-z]/.test(c) && !/[abfnrstx]/.test(c) && r() < 0.3) return `\\${c}`; // \q is q
  if (/[A-Za-z0-9]/.test(c) && r() < 0.3) {
    const code = c.charCodeAt(0);
    return r() < 0.5 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\${code.toString(8).padStart(3, '0')}`;
  }
  if (SPECIAL.has(c)) return `\\${c}`;
  return c;
}

/** A piece of a word spelled one way; every way decodes to `v`. */
function spellPiece(r: Rnd, v: string): string {
  const plainOk = ![...v].some((c) => SPECIAL.has(c));
  const form = pick(r, plainOk ? ['plain', 'dq', 'sq', 'esc'] : ['dq', 'sq', 'esc']);
  switch (form) {
    case 'plain':
      return v;
    case 'dq':
      return `"${v.replace(/[\\"]/g, '\\$&')}"`;
    case 'sq':
      return `'${v.replace(/[\\']/g, '\\$&')}'`;
    default:
      return [...v].map((c) => escapeChar(r, c)).join('');
  }
}

/** A whole word: 1-4 pieces in different forms, sometimes joined by backslash-newline. */
export function spellWord(r: Rnd, v: string): string {
  const cuts = new Set<number>();
  const pieces = 1 + Math.floor(r() * 4);
  for (let i = 1; i < pieces; i++) cuts.add(1 + Math.floor(r() * (v.length - 1)));
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), v.length];
  let out = '';
  for (let i = 0; i + 1 < bounds.length; i++) {
    if (i > 0 && r() < 0.3) out += '\\\n'; // continues the word on the next line
    out += spellPiece(r, v.slice(bounds[i], bounds[i + 1]));
  }
  return out;
}

const sep = (r: Rnd) => pick(r, SEPARATORS);
const eol = (r: Rnd) => pick(r, ['\n', '\r\n', ' \n', '\t# trailing note\n', ' #no-space-needed\n']);
const DECOYS = ['# Secrets for authentication using CHAP', '# client\tserver\tsecret\t\t\tIP addresses', '#', '', '   ', '# password is not here'];

export function chapSecretsFile(r: Rnd): CorpusFile {
  const secrets: string[] = [];
  let text = '';
  const entries = 1 + Math.floor(r() * 6);
  for (let e = 0; e < entries; e++) {
    while (r() < 0.4) text += `${pick(r, DECOYS)}\n`;
    const secret = randomSecret(r);
    secrets.push(secret);
    const client = r() < 0.2 ? `${randomName(r, 'c')} laptop` : randomName(r, 'c');
    const server = pick(r, ['pptpd', '*', randomName(r, 's')]);
    const addresses = pick(r, [[], ['*'], ['10.0.0.5'], ['10.0.0.5', '10.0.0.6'], ['*', '--', 'ms-dns', '10.0.0.1']]);
    const words = [spellWord(r, client), spellWord(r, server), spellWord(r, secret), ...addresses.map((a) => spellWord(r, a))];
    text += words.map((w, i) => (i === 0 ? w : `${sep(r)}${w}`)).join('') + eol(r);
  }
  return { kind: 'chap-secrets', text, secrets };
}

const FLAGS = ['require-mppe-128', 'refuse-pap', 'refuse-chap', 'refuse-mschap', 'require-mschap-v2', 'nobsdcomp', 'nodeflate', 'lock', 'proxyarp', 'nodefaultroute', 'debug'];
const VALUED = [['name', 'pptpd'], ['ms-dns', '10.0.0.1'], ['lcp-echo-interval', '30'], ['mtu', '1400'], ['remotename', 'vendor-gw']] as const;
const SECRET_OPTION_SPELLINGS = ['password', '"password"', "'password'", 'pass\\word', 'pass"word"', "p'ass'word", '\\password', 'pass\\\nword', 'srp-pn-secret'];
/** Between a secret option and its value: blanks, a newline, a comment line, a continuation. */
const OPTION_VALUE_GAPS = [' ', '\t', '\v', '\f', '\r', '\n', '\n\n', '\n# the value is below\n', ' # a comment\n', ' \\\n', '\r\n', '\v\n\t'];

export function optionsFile(r: Rnd): CorpusFile {
  const secrets: string[] = [];
  let text = '';
  const lines = 3 + Math.floor(r() * 8);
  const planted = 1 + Math.floor(r() * 3);
  const at = new Set<number>();
  while (at.size < planted) at.add(Math.floor(r() * lines));
  for (let i = 0; i < lines; i++) {
    while (r() < 0.3) text += `${pick(r, DECOYS)}\n`;
    if (at.has(i)) {
      const secret = randomSecret(r);
      secrets.push(secret);
      text += `${pick(r, ['', ' ', '\t', '\v'])}${pick(r, SECRET_OPTION_SPELLINGS)}${pick(r, OPTION_VALUE_GAPS)}${spellWord(r, secret)}${eol(r)}`;
    } else if (r() < 0.5) {
      text += `${spellWord(r, pick(r, FLAGS))}${r() < 0.3 ? `${sep(r)}${pick(r, FLAGS)}` : ''}${eol(r)}`;
    } else {
      const [name, value] = pick(r, VALUED);
      text += `${name}${sep(r)}${spellWord(r, value)}${eol(r)}`;
    }
  }
  return { kind: 'options', text, secrets };
}

export function corpus(seed: number, count: number): CorpusFile[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? chapSecretsFile(r) : optionsFile(r)));
}

/** JSON spellings of a value, as it would sit in a serialised reply (once or twice escaped). */
function jsonForms(v: string): string[] {
  const once = JSON.stringify(v).slice(1, -1);
  return [v, once, JSON.stringify(once).slice(1, -1)];
}

/**
 * Planted secrets found in `reply`: the whole value or any slice of 6 characters of it, in any
 * JSON spelling. A slice check catches a partial leak (a secret cut at a character the old
 * splitter took for a blank).
 */
export function leakedSecrets(reply: string, secrets: string[], sliceLength = 6): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    const slices = new Set<string>([secret]);
    for (let i = 0; i + sliceLength <= secret.length; i++) slices.add(secret.slice(i, i + sliceLength));
    if ([...slices].some((s) => jsonForms(s).some((f) => reply.includes(f)))) found.push(secret);
  }
  return found;
}
