import type { Hook, PortRange, RuleMatch, Verdict, VerdictKind } from '../model/hardening';

/** IANA numbers iptables and nft print for the protocols the audit cares about. */
const PROTOCOL_NAMES: Record<string, string> = {
  '0': 'all',
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'ipv6-icmp',
  '132': 'sctp',
};

/** "47" -> "gre", "TCP" -> "tcp"; names we do not know stay as they are. */
export function normaliseProtocol(p: string): string {
  const lower = p.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

export function emptyMatch(): RuleMatch {
  return {
    protocols: null,
    protocolNegated: false,
    sources: null,
    sourceNegated: false,
    dports: null,
    dportNegated: false,
    inIface: null,
    inIfaceNegated: false,
    ctStates: null,
    ctStateNegated: false,
    other: [],
  };
}

/** "1723", "1000:2000" (iptables), "1000-2000" (nft) -> ranges; null when not numeric. */
export function parsePorts(list: string): PortRange[] | null {
  const ranges: PortRange[] = [];
  for (const item of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,5})(?:[:-](\d{1,5}))?$/.exec(item);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    if (from > 65535 || to > 65535) return null;
    ranges.push({ from: Math.min(from, to), to: Math.max(from, to) });
  }
  return ranges.length > 0 ? ranges : null;
}

const TERMINAL: Record<string, VerdictKind> = {
  ACCEPT: 'accept',
  DROP: 'drop',
  REJECT: 'reject',
  RETURN: 'return',
};

/** iptables -j/-g target -> verdict. Unknown upper-case targets (LOG, CT, MARK) continue. */
export function iptablesVerdict(
  target: string | null,
  isGoto: boolean,
  userChains: Set<string>,
): Verdict {
  if (target === null || target === '') return { kind: 'continue', target: null };
  const terminal = TERMINAL[target];
  if (terminal) return { kind: terminal, target: null };
  if (userChains.has(target)) return { kind: isGoto ? 'goto' : 'jump', target };
  // TCPMSS, LOG, CT, MARK, CONNMARK...: non-terminating for our purposes.
  return { kind: 'continue', target };
}

/** Splits a line into words, keeping "double quoted strings" (with \" escapes) as one word. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inQuote = false;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (inQuote) {
      if (c === '\\' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') inQuote = false;
      else current += c;
    } else if (c === '"') {
      inQuote = true;
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has || current !== '') words.push(current);
      current = '';
      has = false;
    } else {
      current += c;
    }
  }
  if (has || current !== '') words.push(current);
  return words;
}

/**
 * The iptables table a listing without table markers (`iptables -S`, `iptables -L`) comes
 * from, by its set of built-in chains: each table has its own (filter: INPUT FORWARD OUTPUT;
 * nat: PREROUTING INPUT OUTPUT POSTROUTING; raw: PREROUTING OUTPUT; mangle: all five).
 * null when the set matches none (a listing of one chain, `iptables -S INPUT`).
 */
export function tableOfBuiltinChains(chains: Iterable<string>): string | null {
  const builtin = new Set([...chains].filter((c) => /^(?:PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)$/.test(c)));
  const key = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].filter((c) => builtin.has(c)).join(' ');
  const tables: Record<string, string> = {
    'INPUT FORWARD OUTPUT': 'filter',
    'PREROUTING INPUT OUTPUT POSTROUTING': 'nat',
    'PREROUTING OUTPUT': 'raw',
    'PREROUTING INPUT FORWARD OUTPUT POSTROUTING': 'mangle',
  };
  return tables[key] ?? null;
}

/** The hook each built-in iptables chain attaches to (iptables-save, -S and -L alike). */
export const BUILTIN_HOOKS: Record<string, Hook> = {
  PREROUTING: 'prerouting',
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
  POSTROUTING: 'postrouting',
};
