import type { FirewallChain, FirewallRule, RuleMatch, Ruleset } from '../model/hardening';
import { BUILTIN_HOOKS, emptyMatch, iptablesVerdict, normaliseProtocol, parsePorts } from './firewallCommon';

const CHAIN_HEADER =
  /^Chain (\S+) \((?:policy (\w+)(?: \d+ packets, \d+ bytes)?|(\d+) references)\)$/;
const OPT = /^(--|-f|!f)$/;

/**
 * Parses `iptables -L -n [-v] [--line-numbers] [-t table]` text. Columns are found by the
 * "opt" field ("--") rather than by position because a long target name ("PPTP-ALLOW")
 * pushes the following columns to the right and an empty target leaves a gap.
 * The table is not printed: pass it when the listing was made with -t.
 */
export function parseIptablesList(text: string, table = 'filter'): Ruleset {
  const ruleset: Ruleset = {
    source: 'iptables-list',
    chains: [],
    sets: {},
    helperObjects: {},
    unparsed: [],
    warnings: [],
  };
  const raw: Array<{ chain: FirewallChain; lines: string[] }> = [];
  let current: { chain: FirewallChain; lines: string[] } | null = null;
  let verbose = false;
  let numbered = false;

  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const header = CHAIN_HEADER.exec(line.trim());
    if (header) {
      const name = header[1] as string;
      const policy = header[2];
      current = {
        chain: {
          family: 'ip',
          table,
          name,
          hook: policy ? (BUILTIN_HOOKS[name] ?? null) : null,
          type: table,
          policy: policy === 'ACCEPT' ? 'accept' : policy === 'DROP' ? 'drop' : null,
          rules: [],
        },
        lines: [],
      };
      raw.push(current);
      continue;
    }
    const trimmed = line.trim();
    if (/^(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\s/.test(trimmed)) {
      numbered = trimmed.startsWith('num');
      verbose = /\bpkts\b/.test(trimmed);
      continue;
    }
    if (current) current.lines.push(trimmed);
    else ruleset.unparsed.push(trimmed);
  }

  if (!verbose && raw.some((r) => r.lines.length > 0)) {
    // Without -v iptables prints no in/out columns: "-i lo -j ACCEPT" reads as "accept all".
    ruleset.warnings.push(
      'listing made without -v: interface matches (-i lo, -i ppp+) are invisible, so rules may look broader than they are; use iptables -L -n -v or iptables-save',
    );
  }
  const userChains = new Set(raw.filter((r) => r.chain.hook === null).map((r) => r.chain.name));
  for (const { chain, lines } of raw) {
    for (const line of lines) {
      const rule = parseListLine(line, chain.rules.length + 1, verbose, numbered, userChains);
      if (rule) chain.rules.push(rule);
      else ruleset.unparsed.push(line);
    }
    ruleset.chains.push(chain);
  }
  return ruleset;
}

function parseListLine(
  line: string,
  position: number,
  verbose: boolean,
  numbered: boolean,
  userChains: Set<string>,
): FirewallRule | null {
  const words = line.split(/\s+/);
  const optIndex = words.findIndex((w, i) => i >= 1 && OPT.test(w));
  if (optIndex < 1) return null;
  const lead = (numbered ? 1 : 0) + (verbose ? 2 : 0);
  const protIndex = optIndex - 1;
  const target = protIndex - 1 >= lead ? (words[protIndex - 1] as string) : null;
  const fields = words.slice(optIndex + 1);
  // -v adds "in out" before source and destination.
  const inIface = verbose ? fields.shift() : undefined;
  if (verbose) fields.shift();
  const source = fields.shift();
  const destination = fields.shift();
  if (source === undefined || destination === undefined) return null;
  const rest = fields.join(' ');

  const match = emptyMatch();
  const prot = words[protIndex] as string;
  const protNegated = prot.startsWith('!');
  const protocol = normaliseProtocol(prot.replace(/^!/, ''));
  if (protocol !== 'all') {
    match.protocols = [protocol];
    match.protocolNegated = protNegated;
  }
  if (inIface !== undefined && inIface !== '*') {
    match.inIfaceNegated = inIface.startsWith('!');
    match.inIface = inIface.replace(/^!/, '');
  }
  const srcNegated = source.startsWith('!');
  const src = source.replace(/^!/, '');
  if (src !== '0.0.0.0/0' && src !== '::/0') {
    match.sources = [src];
    match.sourceNegated = srcNegated;
  }
  readExtras(rest, match);
  const helper = /\bCT helper (\S+)/.exec(rest)?.[1] ?? null;
  const verdict = iptablesVerdict(target, false, userChains);
  return { position, text: line, match, verdict, helper };
}

/** The free-text column: "tcp dpt:1723", "multiport dports 22,1723", "ctstate NEW"... */
function readExtras(rest: string, match: RuleMatch): void {
  let m: RegExpExecArray | null;
  if ((m = /\b(?:tcp|udp|sctp) dpt:(!)?(\d+)\b/.exec(rest))) {
    match.dports = parsePorts(m[2] as string);
    match.dportNegated = m[1] === '!';
  } else if ((m = /\b(?:tcp|udp|sctp) dpts:(!)?(\d+:\d+)\b/.exec(rest))) {
    match.dports = parsePorts(m[2] as string);
    match.dportNegated = m[1] === '!';
  } else if ((m = /\bmultiport dports (!)?\s*([\d,:]+)/.exec(rest))) {
    match.dports = parsePorts(m[2] as string);
    match.dportNegated = m[1] === '!';
  }
  if ((m = /\bsource IP range (!)?\s*(\S+)/.exec(rest))) {
    match.sources = [m[2] as string];
    match.sourceNegated = m[1] === '!';
  }
  if ((m = /\bmatch-set (\S+) src\b/.exec(rest))) match.sources = [`@${m[1]}`];
  if ((m = /\b(?:ctstate|state) (!)?\s*([A-Z,]+)/.exec(rest))) {
    match.ctStates = (m[2] as string).split(',');
    match.ctStateNegated = m[1] === '!';
  }
  if (/\b(?:limit:|recent:|mark match|connlimit|STRING match|u32|owner)/.test(rest)) {
    match.other.push(rest);
  }
}
