import type { FirewallChain, Ruleset } from '../model/hardening';
import { BUILTIN_HOOKS, shellWords, tableOfBuiltinChains } from './firewallCommon';
import { parseRuleWords } from './iptablesSave';

/**
 * Parses `iptables [-t TABLE] -S`: "-P CHAIN POLICY", "-N CHAIN", "-A CHAIN rule...". The
 * output does not name its table; it is taken from `table` when the caller knows it, else from
 * the set of built-in chains printed (see tableOfBuiltinChains), else a rule that only the raw
 * table accepts (-j CT) says raw, else filter.
 */
export function parseIptablesRules(text: string, table?: string): Ruleset {
  const ruleset: Ruleset = {
    source: 'iptables-rules',
    chains: [],
    sets: {},
    helperObjects: {},
    unparsed: [],
    warnings: [],
  };
  const policies = new Map<string, string>();
  const userChains: string[] = [];
  const rules: Array<{ chain: string; words: string[]; text: string }> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = shellWords(line);
    const [option, chain] = words;
    if (option === '-P' && chain && words.length === 3) policies.set(chain, words[2] as string);
    else if (option === '-N' && chain && words.length === 2) userChains.push(chain);
    else if (option === '-A' && chain) rules.push({ chain, words: words.slice(2), text: line });
    else ruleset.unparsed.push(line);
  }
  const inferred =
    table ??
    tableOfBuiltinChains(policies.keys()) ??
    (rules.some((r) => r.words.includes('CT') && r.words.includes('--helper')) ? 'raw' : 'filter');
  const chains = new Map<string, FirewallChain>();
  const chainOf = (name: string): FirewallChain => {
    let c = chains.get(name);
    if (!c) {
      const policy = policies.get(name);
      c = {
        family: 'ip',
        table: inferred,
        name,
        hook: policy !== undefined ? (BUILTIN_HOOKS[name] ?? null) : null,
        type: inferred,
        policy: policy === 'ACCEPT' ? 'accept' : policy === 'DROP' ? 'drop' : null,
        rules: [],
      };
      chains.set(name, c);
    }
    return c;
  };
  for (const name of policies.keys()) chainOf(name);
  for (const name of userChains) chainOf(name);
  const user = new Set(userChains);
  for (const r of rules) {
    const c = chainOf(r.chain);
    c.rules.push(parseRuleWords(r.words, r.text, c.rules.length + 1, user));
  }
  ruleset.chains.push(...chains.values());
  return ruleset;
}
