import type { PppOptionsFile } from '../model/hardening';
import { lexPppWords, spellingOf, type PppWord } from './pppLexer';

/**
 * Parses a pppd options file (/etc/ppp/options.pptpd, /etc/ppp/pptpd-options) or
 * /etc/pptpd.conf with pppd's own lexer (shared/parsers/pppLexer.ts): the posture judged is
 * the posture pppd reads. pppd takes an option's argument from the next word even when it is
 * on the next line, so options are read from the word stream; pptpd.conf keeps one setting
 * per line. The values are kept as written; what they mean is decided in analysis.
 */
export function parsePppOptions(
  text: string,
  file: string,
  kind?: PppOptionsFile['kind'],
): PppOptionsFile {
  const detected: PppOptionsFile['kind'] =
    kind ??
    (/(^|\/)pptpd\.conf$/.test(file) || /^\s*(?:localip|remoteip|option)\s/m.test(text)
      ? 'pptpd.conf'
      : 'pppd');
  const result: PppOptionsFile = { file, kind: detected, options: [], unparsed: [] };
  const words = lexPppWords(text);
  const add = (name: PppWord, args: PppWord[]) => {
    if (!OPTION_NAME.test(name.value)) {
      result.unparsed.push([name, ...args].map((w) => w.value).join(' '));
      return;
    }
    result.options.push({ name: name.value.toLowerCase(), args: args.map((w) => w.value), line: name.line });
  };
  if (detected === 'pptpd.conf') {
    for (let i = 0; i < words.length; ) {
      let j = i + 1;
      while (j < words.length && !words[j]!.afterNewline) j++;
      add(words[i]!, words.slice(i + 1, j));
      i = j;
    }
    return result;
  }
  for (let i = 0; i < words.length; i++) {
    const name = words[i]!;
    const takes = TAKES_ARGUMENT.has(name.value.toLowerCase()) && i + 1 < words.length;
    add(name, takes ? [words[i + 1]!] : []);
    if (takes) i++;
  }
  return result;
}

const OPTION_NAME = /^[A-Za-z0-9+][\w+.,:/=-]*$/;

/** pppd options whose value is a secret (auth.c `password`, eap.c `srp-pn-secret`). */
const SECRET_OPTIONS = new Set(['password', 'srp-pn-secret']);

export const REDACTED = '<redacted>';

/**
 * Replaces the value of every secret-bearing option with `<redacted>`, finding the value the
 * way pppd does (next word, on this line or the next, however quoted or escaped), and returns
 * the secret values it removed so the caller can check nothing else carries them. A newline
 * inside the removed spelling is kept so line numbers stay right. Over-redaction is the safe
 * side: a word spelled like a secret option is taken as one whatever precedes it.
 */
export function redactPppSecrets(text: string): { text: string; secrets: string[] } {
  const words = lexPppWords(text);
  const secretWords: PppWord[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (SECRET_OPTIONS.has(words[i]!.value.toLowerCase())) secretWords.push(words[i + 1]!);
  }
  const secrets: string[] = [];
  let out = '';
  let at = 0;
  for (const w of secretWords) {
    if (w.start < at) continue; // already inside a redacted span
    const spelling = spellingOf(text, w);
    secrets.push(w.value, w.decoded, spelling);
    out += `${text.slice(at, w.start)}${REDACTED}${'\n'.repeat(spelling.split('\n').length - 1)}`;
    at = w.end;
  }
  return { text: out + text.slice(at), secrets };
}

/**
 * pppd options that take a value (the rest are flags); an unknown option is read as a flag, so
 * its value would be read as the next option name: keep this list close to pppd's.
 */
const TAKES_ARGUMENT = new Set([
  'name',
  'remotename',
  'user',
  'password',
  'ms-dns',
  'ms-wins',
  'mtu',
  'mru',
  'lcp-echo-interval',
  'lcp-echo-failure',
  'lcp-max-configure',
  'lcp-max-failure',
  'lcp-max-terminate',
  'lcp-restart',
  'logfile',
  'logfd',
  'plugin',
  'idle',
  'maxconnect',
  'holdoff',
  'ipparam',
  'connect-delay',
  'mppe',
  'asyncmap',
  'netmask',
  'chap-interval',
  'chap-max-challenge',
  'chap-restart',
  'pap-max-authreq',
  'pap-restart',
  'pap-timeout',
  'linkname',
  'unit',
  'ifname',
  'connect',
  'disconnect',
  'init',
  'pty',
  'ip-up-script',
  'ip-down-script',
  'file',
  'call',
  'speed',
  'srp-pn-secret',
  'chap-secrets',
  'pap-secrets',
  '+ua',
  'passwordfd',
  'bsdcomp',
  'deflate',
  'maxfail',
  'kdebug',
  'child-timeout',
  'defaultroute-metric',
  'record',
  'welcome',
  'domain',
  'active-filter',
  'pass-filter',
  'ipcp-restart',
  'ipcp-max-configure',
  'ipcp-max-terminate',
  'ipcp-max-failure',
  'escape',
  'remotenumber',
  'allow-ip',
  'allow-number',
  'privgroup',
  'set',
  'unset',
  'bundle',
  'endpoint',
  'mrru',
  'ipv6',
  'maxoctets',
  'mo-timeout',
]);
