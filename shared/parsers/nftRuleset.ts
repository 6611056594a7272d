import type {
  FirewallChain,
  FirewallRule,
  Hook,
  RuleMatch,
  Ruleset,
  Verdict,
} from '../model/hardening';
import { emptyMatch, normaliseProtocol, parsePorts } from './firewallCommon';

const HOOKS = new Set<Hook>(['prerouting', 'input', 'forward', 'output', 'postrouting']);
const TOKEN = /"(?:[^"\\]|\\.)*"|!=|\{|\}|,|[^\s{},]+/g;

function unquote(t: string): string {
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/**
 * Parses the text of `nft list ruleset` (nftables 0.9 … 1.1). Tables, chains with their
 * hook and policy, named sets (to resolve "@allow") and ct helper objects are read; every
 * other object block (maps, flowtables, counters) is skipped without losing the chains.
 */
export function parseNftRuleset(text: string): Ruleset {
  const ruleset: Ruleset = {
    source: 'nft',
    chains: [],
    sets: {},
    helperObjects: {},
    unparsed: [],
    warnings: [],
  };
  const lines = text.split(/\r?\n/);
  let family = '';
  let table = '';
  let chain: FirewallChain | null = null;
  let block: {
    kind: 'set' | 'helper' | 'other';
    name: string;
    depth: number;
    body: string[];
  } | null = null;
  let depth = 0;

  const pendingRules: Array<{ chain: FirewallChain; line: string }> = [];
  for (const raw of lines) {
    // `nft -a` appends "# handle N" to objects and rules: it is not part of the rule.
    const line = raw.trim().replace(/\s+# handle \d+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const opens = (line.match(/\{/g) ?? []).length;
    const closes = (line.match(/\}/g) ?? []).length;

    if (block) {
      block.body.push(line);
      depth += opens - closes;
      if (depth < block.depth) {
        finishBlock(ruleset, block);
        block = null;
      }
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = /^table (\w+) (\S+) \{$/.exec(line))) {
      family = m[1] as string;
      table = m[2] as string;
      depth = 1;
      continue;
    }
    if (depth === 1 && (m = /^chain (\S+) \{$/.exec(line))) {
      chain = {
        family,
        table,
        name: m[1] as string,
        hook: null,
        type: 'filter',
        policy: null,
        rules: [],
      };
      ruleset.chains.push(chain);
      depth = 2;
      continue;
    }
    if (
      depth === 1 &&
      (m =
        /^(set|ct helper|map|flowtable|counter|quota|limit|ct timeout|ct expectation|secmark|synproxy) (\S+) \{/.exec(
          line,
        ))
    ) {
      const kind = m[1] === 'set' ? 'set' : m[1] === 'ct helper' ? 'helper' : 'other';
      depth += opens - closes;
      block = { kind, name: unquote(m[2] as string), depth: 2, body: [line] };
      if (depth < 2) {
        finishBlock(ruleset, block);
        block = null;
      }
      continue;
    }
    if (depth === 1 && /^(?:flags|comment) /.test(line)) continue;
    if (line === '}') {
      depth -= 1;
      if (depth === 1) chain = null;
      if (depth === 0) {
        family = '';
        table = '';
      }
      continue;
    }
    if (chain && depth === 2) {
      if (
        (m = /^type (\w+) hook (\w+)(?: device \S+)? priority ([^;]+);(?: policy (\w+);)?/.exec(
          line,
        ))
      ) {
        chain.type = m[1] as string;
        const hook = m[2] as Hook;
        chain.hook = HOOKS.has(hook) ? hook : null;
        chain.policy = m[4] === 'drop' ? 'drop' : 'accept';
        continue;
      }
      if (/^(?:comment|policy|flags) /.test(line)) continue;
      pendingRules.push({ chain, line });
      depth += opens - closes;
      continue;
    }
    ruleset.unparsed.push(line);
  }
  for (const { chain: c, line } of pendingRules) {
    c.rules.push(parseNftRule(line, c.rules.length + 1, ruleset.helperObjects));
  }
  return ruleset;
}

function finishBlock(
  ruleset: Ruleset,
  block: { kind: string; name: string; body: string[] },
): void {
  const body = block.body.join(' ');
  if (block.kind === 'set') {
    const el = /elements = \{([^}]*)\}/.exec(body);
    ruleset.sets[block.name] = el
      ? (el[1] as string)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  } else if (block.kind === 'helper') {
    const type = /type "([^"]+)"/.exec(body);
    if (type) ruleset.helperObjects[block.name] = type[1] as string;
  }
}

/** Reads one value after a selector: a word, or an anonymous set "{ a, b }". */
function readValue(tokens: string[], i: number): { values: string[]; next: number } {
  if (tokens[i] === '{') {
    const values: string[] = [];
    let j = i + 1;
    for (; j < tokens.length && tokens[j] !== '}'; j++) {
      if (tokens[j] !== ',') values.push(unquote(tokens[j] as string));
    }
    return { values, next: j + 1 };
  }
  if (tokens[i] === undefined) return { values: [], next: i + 1 };
  // "established,related" prints without spaces but tokenises as word , word.
  const values = [unquote(tokens[i] as string)];
  let j = i + 1;
  while (tokens[j] === ',' && tokens[j + 1] !== undefined) {
    values.push(unquote(tokens[j + 1] as string));
    j += 2;
  }
  return { values, next: j };
}

const VERDICTS: Record<string, Verdict['kind']> = {
  accept: 'accept',
  drop: 'drop',
  reject: 'reject',
  return: 'return',
  continue: 'continue',
};

/** One rule line of a chain -> normalised rule. */
export function parseNftRule(
  line: string,
  position: number,
  helperObjects: Record<string, string>,
): FirewallRule {
  const tokens = line.match(TOKEN) ?? [];
  const match: RuleMatch = emptyMatch();
  let verdict: Verdict = { kind: 'continue', target: null };
  let helper: string | null = null;
  let other: string[] = [];
  const flushOther = () => {
    if (other.length > 0) match.other.push(other.join(' '));
    other = [];
  };

  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as string;
    const t1 = tokens[i + 1];
    // "<selector> [!=] value"
    const selector = (n: number): { negated: boolean; values: string[]; next: number } => {
      let j = i + n;
      const negated = tokens[j] === '!=';
      if (negated || tokens[j] === '==') j++;
      const { values, next } = readValue(tokens, j);
      return { negated, values, next };
    };
    if (
      (t === 'ip' && t1 === 'protocol') ||
      (t === 'meta' && t1 === 'l4proto') ||
      (t === 'ip6' && t1 === 'nexthdr')
    ) {
      flushOther();
      const s = selector(2);
      match.protocols = s.values.map(normaliseProtocol);
      match.protocolNegated = s.negated;
      i = s.next;
    } else if ((t === 'tcp' || t === 'udp' || t === 'sctp' || t === 'th') && t1 === 'dport') {
      flushOther();
      const s = selector(2);
      if (t !== 'th') match.protocols = [t];
      const ports = parsePorts(s.values.join(','));
      if (ports) {
        match.dports = ports;
        match.dportNegated = s.negated;
      } else match.other.push(`${t} dport ${s.values.join(',')}`);
      i = s.next;
    } else if ((t === 'ip' || t === 'ip6') && t1 === 'saddr') {
      flushOther();
      const s = selector(2);
      match.sources = s.values;
      match.sourceNegated = s.negated;
      i = s.next;
    } else if (t === 'iif' || t === 'iifname') {
      flushOther();
      const s = selector(1);
      match.inIface = (s.values[0] ?? '').replace(/\*$/, '+');
      match.inIfaceNegated = s.negated;
      i = s.next;
    } else if (t === 'ct' && t1 === 'state') {
      flushOther();
      const s = selector(2);
      match.ctStates = s.values.flatMap((v) => v.split(',')).map((v) => v.toUpperCase());
      match.ctStateNegated = s.negated;
      i = s.next;
    } else if (t === 'ct' && t1 === 'helper' && tokens[i + 2] === 'set') {
      flushOther();
      const name = unquote(tokens[i + 3] ?? '');
      helper = helperObjects[name] ?? name;
      i += 4;
    } else if (t === 'xt' && t1 === 'target') {
      flushOther();
      if (tokens[i + 2] === 'CT') helper = 'unknown';
      i += 3;
    } else if (t === 'counter') {
      flushOther();
      i += 1;
      while (tokens[i] === 'packets' || tokens[i] === 'bytes') i += 2;
    } else if (t === 'log') {
      flushOther();
      i += 1;
      while (
        ['prefix', 'level', 'flags', 'group', 'snaplen', 'queue-threshold'].includes(
          tokens[i] ?? '',
        )
      )
        i += 2;
    } else if (t === 'comment') {
      flushOther();
      i += 2;
    } else if (t === 'reject') {
      flushOther();
      verdict = { kind: 'reject', target: null };
      i += 1;
      if (tokens[i] === 'with') i += tokens[i + 1] === 'tcp' ? 3 : 3;
    } else if (VERDICTS[t] && (t1 === undefined || t1 === 'comment')) {
      flushOther();
      verdict = { kind: VERDICTS[t] as Verdict['kind'], target: null };
      i += 1;
    } else if ((t === 'jump' || t === 'goto') && t1 !== undefined) {
      flushOther();
      verdict = { kind: t, target: t1 };
      i += 2;
    } else if ((t === 'ip' || t === 'ip6') && t1 === 'daddr') {
      // Destination of an inbound packet: the host itself; not part of the judgement.
      flushOther();
      i = selector(2).next;
    } else {
      other.push(t);
      i += 1;
    }
  }
  flushOther();
  // Statements that only rewrite (MSS clamp "tcp option maxseg size set") do not narrow.
  match.other = match.other.filter(
    (o) => !/maxseg size set/.test(o) || verdict.kind !== 'continue',
  );
  return { position, text: line, match, verdict, helper };
}
