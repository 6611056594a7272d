import type { OptionLine, PppOptionsFile } from '../model/hardening';

/**
 * Parses a pppd options file (/etc/ppp/options.pptpd, /etc/ppp/pptpd-options) or
 * /etc/pptpd.conf: one option per line with its arguments, "#" starts a comment
 * (pppd treats "#" as a comment only at the start of a word), quotes group words.
 * The values are kept as written; what they mean is decided in analysis.
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
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const words = splitWords(raw);
    if (words.length === 0) return;
    const [name, ...args] = words as [string, ...string[]];
    if (!/^[A-Za-z0-9+][\w+.,:/=-]*$/.test(name)) {
      result.unparsed.push(raw.trim());
      return;
    }
    const option: OptionLine = { name: name.toLowerCase(), args, line: index + 1 };
    // pppd also accepts several options on one line ("refuse-pap refuse-chap"): split the
    // argument-less ones so each is seen; options that take a value keep it.
    if (detected === 'pppd' && args.length > 0 && !TAKES_ARGUMENT.has(option.name)) {
      result.options.push({ name: option.name, args: [], line: option.line });
      for (const w of args)
        result.options.push({ name: w.toLowerCase(), args: [], line: option.line });
      return;
    }
    result.options.push(option);
  });
  return result;
}

/** pppd options that take a value (the rest are flags). */
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
  'ktune',
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
]);

function splitWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    const word = m[1] ?? m[2] ?? (m[3] as string);
    if (m[3] !== undefined && word.startsWith('#')) break;
    words.push(word);
  }
  return words;
}
