import type {
  ControlPortExposure,
  Decision,
  FirewallAudit,
  FirewallChain,
  FirewallRule,
  GreVerdict,
  HelperAssignment,
  Hook,
  RuleRef,
  Ruleset,
} from '../model/hardening';

/** A packet we imagine arriving from the outside, to ask the ruleset what it would do. */
interface Probe {
  protocol: 'tcp' | 'gre';
  dport: number | null;
  /** "unlisted": a source outside every address a rule names (the internet at large);
   *  "listed": a source inside the addresses rules name (an allowlisted client). */
  source: 'unlisted' | 'listed';
  ctState: 'NEW' | 'RELATED';
}

type Match = 'yes' | 'no' | 'maybe';
const MAX_DEPTH = 16;

/** The table as an auditor must read it: an iptables-legacy table is named so, it is not nft's. */
function tableLabel(chain: FirewallChain): string {
  return chain.backend ? `${chain.backend} ${chain.table}` : chain.table;
}

function ref(chain: FirewallChain, rule: FirewallRule | null): RuleRef {
  return rule
    ? { chain: chain.name, table: tableLabel(chain), position: rule.position, text: rule.text }
    : {
        chain: chain.name,
        table: tableLabel(chain),
        position: null,
        text: `policy ${chain.policy ?? 'accept'}`,
      };
}

function isTunnelIface(name: string): boolean {
  return /^ppp(?:\d+|\+|\*)?$/.test(name);
}

/** Does `rule` match `probe`, ignoring its source restriction when `ignoreSource` is set? */
function matches(rule: FirewallRule, probe: Probe, ignoreSource = false): Match {
  const m = rule.match;
  let maybe = false;
  if (m.protocols && !m.protocols.includes('all')) {
    const hit = m.protocols.includes(probe.protocol);
    if (hit === m.protocolNegated) return 'no';
  }
  if (m.dports) {
    if (probe.dport === null) return 'no';
    const hit = m.dports.some(
      (r) => probe.dport !== null && probe.dport >= r.from && probe.dport <= r.to,
    );
    if (hit === m.dportNegated) return 'no';
  }
  if (m.sources && !ignoreSource) {
    // An unlisted source is outside the named addresses: it matches only a negated list.
    const hit = probe.source === 'listed';
    if (hit === m.sourceNegated) return 'no';
  }
  if (m.inIface) {
    // Control and GRE packets arrive on the physical interface: never on lo or a ppp tunnel.
    const known = m.inIface === 'lo' || isTunnelIface(m.inIface);
    if (known) {
      if (!m.inIfaceNegated) return 'no';
    } else maybe = true;
  }
  if (m.ctStates) {
    const hit = m.ctStates.includes(probe.ctState);
    if (hit === m.ctStateNegated) return 'no';
  }
  if (m.other.length > 0) maybe = true;
  return maybe ? 'maybe' : 'yes';
}

interface WalkContext {
  ruleset: Ruleset;
  uncertain: RuleRef[];
  /** Sources accepted by rules the probe missed only because of their source list. */
  allowlist: string[];
}

type WalkResult = { decided: Decision } | { returned: true };

function resolveSources(sources: string[], sets: Record<string, string[]>): string[] {
  return sources.flatMap((s) => (s.startsWith('@') ? (sets[s.slice(1)] ?? [s]) : [s]));
}

function findChain(ruleset: Ruleset, from: FirewallChain, name: string): FirewallChain | undefined {
  return ruleset.chains.find(
    (c) => c.name === name && c.table === from.table && c.family === from.family && c.backend === from.backend,
  );
}

function walk(chain: FirewallChain, probe: Probe, ctx: WalkContext, depth: number): WalkResult {
  if (depth > MAX_DEPTH) return { returned: true };
  for (const rule of chain.rules) {
    const m = matches(rule, probe);
    if (m === 'no') {
      // Remember who would have been let in: same rule, but for a listed source.
      if (
        probe.source === 'unlisted' &&
        rule.match.sources &&
        !rule.match.sourceNegated &&
        (rule.verdict.kind === 'accept' ||
          rule.verdict.kind === 'jump' ||
          rule.verdict.kind === 'goto') &&
        matches(rule, probe, true) !== 'no'
      ) {
        ctx.allowlist.push(...resolveSources(rule.match.sources, ctx.ruleset.sets));
      }
      continue;
    }
    if (m === 'maybe') ctx.uncertain.push(ref(chain, rule));
    const v = rule.verdict;
    if (v.kind === 'accept' || v.kind === 'drop' || v.kind === 'reject') {
      if (v.kind !== 'accept' && rule.match.sources && rule.match.sourceNegated) {
        // "! -s A -j DROP": everything but A is dropped, so A is the allowlist.
        ctx.allowlist.push(...resolveSources(rule.match.sources, ctx.ruleset.sets));
      }
      return { decided: { verdict: v.kind, by: ref(chain, rule), uncertain: ctx.uncertain } };
    }
    if (v.kind === 'return') return { returned: true };
    if ((v.kind === 'jump' || v.kind === 'goto') && v.target) {
      const sub = findChain(ctx.ruleset, chain, v.target);
      if (!sub) continue;
      const r = walk(sub, probe, ctx, depth + 1);
      if ('decided' in r) return r;
      if (v.kind === 'goto') return { returned: true };
    }
  }
  return { returned: true };
}

/** Base chains that filter packets of one hook (iptables: table filter; nft: type filter). */
function baseChains(ruleset: Ruleset, hook: Hook): FirewallChain[] {
  return ruleset.chains.filter(
    (c) =>
      c.hook === hook &&
      (ruleset.source === 'nft'
        ? c.type === 'filter' && ['ip', 'inet'].includes(c.family)
        : c.table === 'filter'),
  );
}

function decide(ruleset: Ruleset, hook: Hook, probe: Probe, allowlist: string[]) {
  const decisions: Array<{ hook: Hook; chain: string; decision: Decision }> = [];
  for (const chain of baseChains(ruleset, hook)) {
    const ctx: WalkContext = { ruleset, uncertain: [], allowlist: [] };
    const r = walk(chain, probe, ctx, 0);
    const decision: Decision =
      'decided' in r
        ? r.decided
        : {
            verdict: chain.policy === 'drop' ? 'drop' : 'accept',
            by: ref(chain, null),
            uncertain: ctx.uncertain,
          };
    allowlist.push(...ctx.allowlist);
    decisions.push({ hook, chain: `${tableLabel(chain)}/${chain.name}`, decision });
  }
  return decisions;
}

/** Every base chain of the hook must let the packet through; one drop is enough to stop it. */
function overall(decisions: Array<{ decision: Decision }>): 'accept' | 'drop' | 'none' {
  if (decisions.length === 0) return 'none';
  return decisions.every((d) => d.decision.verdict === 'accept') ? 'accept' : 'drop';
}

export function controlPortExposure(ruleset: Ruleset): ControlPortExposure {
  const allowlist: string[] = [];
  const probe: Probe = { protocol: 'tcp', dport: 1723, source: 'unlisted', ctState: 'NEW' };
  const input = decide(ruleset, 'input', probe, allowlist);
  const forward = decide(ruleset, 'forward', probe, []);
  const verdict = overall(input);
  const unique = [...new Set(allowlist)];
  return {
    status:
      verdict === 'none'
        ? 'no-filter'
        : verdict === 'accept'
          ? 'open-to-any'
          : unique.length > 0
            ? 'allowlisted'
            : 'closed',
    allowlist: unique,
    decisions: [...input, ...forward],
    shadowed: shadowedControlPortAccepts(ruleset),
  };
}

/** Does this ACCEPT rule accept what `wanted` names (GRE, TCP 1723)? */
type AcceptTest = (rule: FirewallRule) => boolean;

const acceptsGre: AcceptTest = (rule) => rule.match.protocols?.includes('gre') === true && !rule.match.protocolNegated;

const acceptsControlPort: AcceptTest = (rule) =>
  rule.match.protocols?.includes('tcp') === true &&
  !rule.match.protocolNegated &&
  !rule.match.dportNegated &&
  (rule.match.dports?.some((r) => r.from <= 1723 && 1723 <= r.to) ?? false);

/**
 * ACCEPT rules placed after a catch-all DROP/REJECT of the same chain: dead rules that look
 * like the port is open to whoever reads the ruleset, while nothing reaches them.
 */
function shadowedAccepts(ruleset: Ruleset, accepts: AcceptTest): Array<{ accept: RuleRef; catchAll: RuleRef }> {
  const shadowed: Array<{ accept: RuleRef; catchAll: RuleRef }> = [];
  for (const chain of ruleset.chains) {
    const catchAllIndex = chain.rules.findIndex(
      (r) =>
        (r.verdict.kind === 'drop' || r.verdict.kind === 'reject') &&
        r.match.protocols === null &&
        r.match.sources === null &&
        r.match.dports === null &&
        r.match.inIface === null &&
        r.match.ctStates === null &&
        r.match.other.length === 0,
    );
    if (catchAllIndex < 0) continue;
    const catchAll = chain.rules[catchAllIndex] as FirewallRule;
    for (const rule of chain.rules.slice(catchAllIndex + 1)) {
      if (rule.verdict.kind === 'accept' && accepts(rule)) shadowed.push({ accept: ref(chain, rule), catchAll: ref(chain, catchAll) });
    }
  }
  return shadowed;
}

export function shadowedGreAccepts(ruleset: Ruleset): GreVerdict['shadowed'] {
  return shadowedAccepts(ruleset, acceptsGre);
}

/** TCP 1723 ACCEPT rules behind a catch-all DROP/REJECT: reported like shadowed GRE accepts. */
export function shadowedControlPortAccepts(ruleset: Ruleset): NonNullable<ControlPortExposure['shadowed']> {
  return shadowedAccepts(ruleset, acceptsControlPort);
}

export function helperAssignment(ruleset: Ruleset): HelperAssignment {
  const rules: HelperAssignment['rules'] = [];
  for (const chain of ruleset.chains) {
    for (const rule of chain.rules) {
      // Named for what it is: it assigns a conntrack helper, it filters nothing (raw table).
      if (rule.helper !== null) rules.push({ ...ref(chain, rule), helper: rule.helper, label: `conntrack helper assignment (${rule.helper}) in ${tableLabel(chain)}/${chain.name}` });
    }
  }
  return { assigned: rules.some((r) => r.helper === 'pptp' || r.helper === 'unknown'), rules };
}

function greStatus(
  ruleset: Ruleset,
  hook: Hook,
  helper: HelperAssignment,
): { status: GreVerdict['status']; decisions: ReturnType<typeof decide> } {
  const probe: Probe = { protocol: 'gre', dport: null, source: 'listed', ctState: 'NEW' };
  const decisions = decide(ruleset, hook, probe, []);
  const verdict = overall(decisions);
  if (verdict === 'none') return { status: 'no-filter', decisions };
  if (verdict === 'accept') return { status: 'accepted', decisions };
  // GRE of a tracked call is RELATED to its TCP 1723 connection once the pptp helper is attached.
  const related = overall(decide(ruleset, hook, { ...probe, ctState: 'RELATED' }, []));
  return {
    status: related === 'accept' && helper.assigned ? 'accepted-if-related' : 'dropped',
    decisions,
  };
}

export function greVerdict(ruleset: Ruleset, helper: HelperAssignment): GreVerdict {
  const input = greStatus(ruleset, 'input', helper);
  const forward = greStatus(ruleset, 'forward', helper);
  return {
    status: input.status,
    forwardStatus: forward.status,
    decisions: [...input.decisions, ...forward.decisions],
    shadowed: shadowedGreAccepts(ruleset),
  };
}

export function hasMssClamp(ruleset: Ruleset): boolean {
  return ruleset.chains.some((c) =>
    c.rules.some((r) => r.verdict.target === 'TCPMSS' || /maxseg size set/.test(r.text)),
  );
}

/** The firewall part of the hardening check, for one ruleset (iptables or nft). */
export function auditFirewall(ruleset: Ruleset): FirewallAudit {
  const helper = helperAssignment(ruleset);
  return {
    source: ruleset.source,
    controlPort: controlPortExposure(ruleset),
    gre: greVerdict(ruleset, helper),
    helper,
    mssClamp: hasMssClamp(ruleset),
    warnings: ruleset.warnings,
  };
}
