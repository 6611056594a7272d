import type { ChapSecretsFacts, FirewallFacts, PppOptionsFacts, SensorFacts } from '../../findings/facts';
import type { ChapSecretsSummary } from '../../ops/chapSecretsSummary';
import { auditFirewall } from '../../analysis/hardeningFirewall';
import { pppSecurityPosture } from '../../analysis/hardeningPpp';
import { parseIptablesSave } from '../../parsers/iptablesSave';
import { parseNftRuleset } from '../../parsers/nftRuleset';
import { parsePppOptions } from '../../parsers/pppOptions';
import { parseSensorsJson } from '../../parsers/sensors';
import { FactsInputError } from './errors';

/**
 * `iptables-save` output → FirewallFacts (rule-order evaluation by the hardening analysis).
 * Empty output is a real answer: no table is loaded, nothing filters (the analysis reports
 * "no-filter"); text that is not iptables-save at all is refused.
 */
export function firewallFacts(iptablesSaveText: string, file: string): FirewallFacts {
  const ruleset = parseIptablesSave(iptablesSaveText);
  if (ruleset.chains.length === 0 && ruleset.unparsed.length > 0) {
    throw new FactsInputError(file, `not iptables-save output (first line: ${ruleset.unparsed[0]?.slice(0, 80)})`);
  }
  return { source: file, audit: auditFirewall(ruleset) };
}

/** `nft list ruleset` output → FirewallFacts, for hosts that filter with nftables directly. */
export function nftFirewallFacts(nftText: string, file: string): FirewallFacts {
  const ruleset = parseNftRuleset(nftText);
  if (ruleset.chains.length === 0 && ruleset.unparsed.length > 0) {
    throw new FactsInputError(file, `not nft list ruleset output (first line: ${ruleset.unparsed[0]?.slice(0, 80)})`);
  }
  return { source: file, audit: auditFirewall(ruleset) };
}

/** pppd options file (as stored in the bundle, and its path on the host) → PppOptionsFacts. */
export function pppOptionsFacts(text: string, file: string, hostPath: string): PppOptionsFacts {
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
