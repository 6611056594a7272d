import type { ChapSecretsFacts, FirewallFacts, PppOptionsFacts, SensorFacts } from '../../findings/facts';
import type { ChapSecretsSummary } from '../../ops/chapSecretsSummary';
import { auditFirewall } from '../../analysis/hardeningFirewall';
import { pppSecurityPosture } from '../../analysis/hardeningPpp';
import type { Ruleset } from '../../model/hardening';
import { tableOfBuiltinChains } from '../../parsers/firewallCommon';
import { parseIptablesList } from '../../parsers/iptablesList';
import { parseIptablesRules } from '../../parsers/iptablesRules';
import { parseIptablesSave } from '../../parsers/iptablesSave';
import { parseNftRuleset } from '../../parsers/nftRuleset';
import { parsePppOptions } from '../../parsers/pppOptions';
import { parseSensorsJson } from '../../parsers/sensors';
import { FactsInputError } from './errors';
import { requireKind } from './recognised';

const FIREWALL_KINDS = ['iptables-save', 'iptables-rules', 'iptables-list', 'nft-ruleset'] as const;

/** One firewall listing, whatever its form, as a ruleset (the table inferred where unsaid). */
export function parseFirewallText(text: string, file: string): Ruleset {
  const kind = requireKind(text, file, FIREWALL_KINDS);
  if (kind === 'iptables-save') return parseIptablesSave(text);
  if (kind === 'iptables-rules') return parseIptablesRules(text);
  if (kind === 'nft-ruleset') return parseNftRuleset(text);
  // `iptables -L` does not print its table either: its built-in chains say which it is.
  const chains = [...text.matchAll(/^Chain (\S+) \(policy /gm)].map((m) => m[1] as string);
  return parseIptablesList(text, tableOfBuiltinChains(chains) ?? 'filter');
}

/**
 * Firewall listings → FirewallFacts: `iptables-save`, `iptables [-t T] -S`, `iptables [-t T]
 * -L -n [-v]` or `nft list ruleset`, one file or several (one per table: `-S` and `-t raw -S`),
 * all fed to the same rule-order analysis. An empty collected output is a real answer (no table
 * is loaded, nothing filters: "no-filter"); text that is no firewall listing is refused.
 */
export function firewallFactsFrom(inputs: ReadonlyArray<{ text: string; file: string }>): FirewallFacts {
  if (inputs.length === 0) throw new FactsInputError('firewall', 'no firewall listing was given');
  const rulesets = inputs.filter((i) => i.text.trim() !== '').map((i) => parseFirewallText(i.text, i.file));
  const merged: Ruleset = {
    source: rulesets[0]?.source ?? 'iptables-save',
    chains: rulesets.flatMap((r) => r.chains),
    sets: Object.assign({}, ...rulesets.map((r) => r.sets)) as Ruleset['sets'],
    helperObjects: Object.assign({}, ...rulesets.map((r) => r.helperObjects)) as Ruleset['helperObjects'],
    unparsed: rulesets.flatMap((r) => r.unparsed),
    warnings: [...new Set(rulesets.flatMap((r) => r.warnings))],
  };
  if (new Set(rulesets.map((r) => r.source)).size > 1) {
    merged.warnings.push('listings of different forms were combined (iptables and nft): each table is read from the file that lists it');
  }
  return { source: inputs.map((i) => i.file).join(', '), audit: auditFirewall(merged) };
}

/** One firewall listing (any recognised form) → FirewallFacts. */
export function firewallFacts(firewallText: string, file: string): FirewallFacts {
  const facts = firewallFactsFrom([{ text: firewallText, file }]);
  return { ...facts, source: file };
}

/** `nft list ruleset` output → FirewallFacts, for hosts that filter with nftables directly. */
export function nftFirewallFacts(nftText: string, file: string): FirewallFacts {
  if (nftText.trim() !== '') requireKind(nftText, file, ['nft-ruleset'] as const);
  return { source: file, audit: auditFirewall(parseNftRuleset(nftText)) };
}

/** pppd options file (as stored in the bundle, and its path on the host) → PppOptionsFacts. */
export function pppOptionsFacts(text: string, file: string, hostPath: string): PppOptionsFacts {
  // An options file of comments only is a real (empty) answer; any other text must read as
  // pppd options: `iptables -S` read as options gave critical findings out of nothing.
  if (text.split(/\r?\n/).some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
    requireKind(text, file, ['pppd-options', 'pptpd-conf'] as const);
  }
  const parsed = parsePppOptions(text, hostPath, 'pppd');
  return { source: file, file: hostPath, posture: pppSecurityPosture(parsed) };
}

/** The helper's chap-secrets summary (never the secrets) → ChapSecretsFacts. */
export function chapSecretsFacts(summary: ChapSecretsSummary, file: string): ChapSecretsFacts {
  return { source: file, summary };
}

/** `sensors -j` → SensorFacts; output with no temperature at all gives an empty list. */
export function sensorsFacts(sensorsJson: string, file: string): SensorFacts {
  const report = parseSensorsJson(sensorsJson);
  if (report.readings.length === 0 && report.problems.some((p) => /not JSON|not a JSON object/.test(p))) {
    throw new FactsInputError(file, report.problems.join('; '));
  }
  return { source: file, readings: report.readings };
}
