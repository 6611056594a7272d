import type { FirewallChain, FirewallRule, Ruleset } from '../model/hardening';
import {
  emptyMatch,
  iptablesVerdict,
  normaliseProtocol,
  parsePorts,
  shellWords,
  BUILTIN_HOOKS,
} from './firewallCommon';

/** Options that take one argument and only narrow the match in ways we do not evaluate. */
const OTHER_WITH_ARG = new Set([
  '-d',
  '--destination',
  '-o',
  '--out-interface',
  '--sport',
  '--source-port',
  '--sports',
  '--icmp-type',
  '--tcp-flags',
  '--limit',
  '--limit-burst',
  '--mark',
  '--uid-owner',
  '--dst-range',
  '--dst-type',
  '--src-type',
  '--name',
  '--seconds',
  '--hitcount',
  '--connlimit-above',
  '--string',
  '--algo',
  '--physdev-in',
  '--physdev-out',
  '--length',
  '--mac-source',
  '--pkt-type',
  '--dscp',
  '--ttl-eq',
  '--hl-eq',
  '--state-mask',
]);
/** Target options (after -j): skipped, except --helper which we record. */
const TARGET_OPTIONS_WITH_ARG = new Set([
  '--reject-with',
  '--log-prefix',
  '--log-level',
  '--set-mark',
  '--set-xmark',
  '--to-destination',
  '--to-source',
  '--to-ports',
  '--set-mss',
  '--zone',
  '--ctevents',
  '--expevents',
  '--timeout',
  '--queue-num',
  '--nflog-group',
  '--nflog-prefix',
  '--gateway',
  '--set-dscp',
  '--set-class',
  '--log-uid',
  '--helper',
  '--save-mark',
  '--restore-mark',
  '--mask',
  '--nfmask',
  '--ctmask',
]);

/**
 * Parses `iptables-save` / `ip6tables-save` output (legacy and nf_tables backends print the
 * same format). Each "*table" block declares its chains with ":NAME POLICY [p:b]", then
 * "-A CHAIN ..." rules in evaluation order. `backend: 'iptables-legacy'` marks every chain as
 * an x_tables chain (the output of iptables-legacy-save), kept apart from nf_tables chains.
 */
export function parseIptablesSave(text: string, options: { backend?: 'iptables-legacy' } = {}): Ruleset {
  const backend = options.backend !== undefined ? { backend: options.backend } : {};
  const ruleset: Ruleset = {
    source: 'iptables-save',
    chains: [],
    sets: {},
    helperObjects: {},
    unparsed: [],
    warnings: [],
  };
  let table: string | null = null;
  let chains = new Map<string, FirewallChain>();
  let pending: Array<{ chain: string; words: string[]; text: string }> = [];

  const flush = () => {
    const userChains = new Set(
      [...chains.values()].filter((c) => c.hook === null).map((c) => c.name),
    );
    for (const { chain, words, text: ruleText } of pending) {
      let c = chains.get(chain);
      if (!c) {
        // A rule for a chain the header did not declare: keep it rather than lose evidence.
        c = {
          family: 'ip',
          table: table ?? 'filter',
          name: chain,
          hook: null,
          type: table ?? 'filter',
          policy: null,
          rules: [],
          ...backend,
        };
        chains.set(chain, c);
      }
      c.rules.push(parseRuleWords(words, ruleText, c.rules.length + 1, userChains));
    }
    ruleset.chains.push(...chains.values());
    chains = new Map();
    pending = [];
  };

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      if (table !== null) flush();
      table = line.slice(1);
      continue;
    }
    if (line === 'COMMIT') {
      flush();
      table = null;
      continue;
    }
    const decl = /^:(\S+) (\S+)(?: \[\d+:\d+\])?$/.exec(line);
    if (decl) {
      const name = decl[1] as string;
      const policy = decl[2] as string;
      const hook = BUILTIN_HOOKS[name] ?? null;
      chains.set(name, {
        family: 'ip',
        table: table ?? 'filter',
        name,
        hook: policy === '-' ? null : hook,
        type: table ?? 'filter',
        policy: policy === 'ACCEPT' ? 'accept' : policy === 'DROP' ? 'drop' : null,
        rules: [],
        ...backend,
      });
      continue;
    }
    if (line.startsWith('-A ')) {
      const words = shellWords(line);
      const chain = words[1];
      if (chain) {
        pending.push({ chain, words: words.slice(2), text: line });
        continue;
      }
    }
    ruleset.unparsed.push(line);
  }
  if (chains.size > 0 || pending.length > 0) flush();
  return ruleset;
}

/** Rule options (everything after "-A CHAIN") -> normalised rule. */
export function parseRuleWords(
  words: string[],
  text: string,
  position: number,
  userChains: Set<string>,
): FirewallRule {
  const match = emptyMatch();
  let target: string | null = null;
  let isGoto = false;
  let helper: string | null = null;
  let negate = false;
  let inTarget = false;

  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const next = words[i + 1];
    if (w === '!') {
      negate = true;
      continue;
    }
    const wasNegated = negate;
    negate = false;
    if (inTarget) {
      if (w === '--helper' && next !== undefined) helper = next;
      if (TARGET_OPTIONS_WITH_ARG.has(w)) i++;
      continue;
    }
    switch (w) {
      case '-p':
      case '--protocol':
        if (next !== undefined) {
          match.protocols = [normaliseProtocol(next)];
          match.protocolNegated = wasNegated;
          i++;
        }
        break;
      case '-s':
      case '--source':
      case '--src-range':
        if (next !== undefined) {
          match.sources = next.split(',');
          match.sourceNegated = wasNegated;
          i++;
        }
        break;
      case '--dport':
      case '--destination-port':
      case '--dports':
      case '--destination-ports':
        if (next !== undefined) {
          const ports = parsePorts(next);
          if (ports) {
            match.dports = ports;
            match.dportNegated = wasNegated;
          } else match.other.push(`${w} ${next}`);
          i++;
        }
        break;
      case '-i':
      case '--in-interface':
        if (next !== undefined) {
          match.inIface = next;
          match.inIfaceNegated = wasNegated;
          i++;
        }
        break;
      case '--ctstate':
      case '--state':
        if (next !== undefined) {
          match.ctStates = next.toUpperCase().split(',');
          match.ctStateNegated = wasNegated;
          i++;
        }
        break;
      case '-m':
      case '--match':
        // Module names (tcp, multiport, conntrack, comment...) carry no meaning by themselves.
        i++;
        break;
      case '--comment':
        i++;
        break;
      case '--match-set':
        if (next !== undefined) {
          const dir = words[i + 2];
          if (dir === 'src' || dir?.startsWith('src,')) {
            match.sources = [`@${next}`];
            match.sourceNegated = wasNegated;
          } else match.other.push(`--match-set ${next} ${dir ?? ''}`.trim());
          i += 2;
        }
        break;
      case '-j':
      case '--jump':
      case '-g':
      case '--goto':
        target = next ?? null;
        isGoto = w === '-g' || w === '--goto';
        inTarget = true;
        i++;
        break;
      default:
        if (OTHER_WITH_ARG.has(w) && next !== undefined) {
          match.other.push(`${wasNegated ? '! ' : ''}${w} ${next}`);
          i++;
        } else if (w.startsWith('-')) {
          match.other.push(`${wasNegated ? '! ' : ''}${w}`);
        }
    }
  }
  // "-o IFACE" and "-d" narrow what we evaluate only for outbound decisions: ignore for INPUT.
  match.other = match.other.filter(
    (o) => !/^(?:! )?(?:-d|--destination|-o|--out-interface) /.test(o),
  );
  const verdict = iptablesVerdict(target, isGoto, userChains);
  return { position, text, match, verdict, helper };
}
