import { LOG_FILES, PPP_OPTION_FILES } from '../../ops/catalogue';
import { opCommand } from '../planned';
import type { StepSpec } from '../types';
import { chapSecretsFacts, guessLogKind, kernelFirewallFacts, logInputKind, logsFacts, pppOptionsFacts } from '../../audit/facts';
import type { ChapSecretsSummary } from '../../ops/chapSecretsSummary';
import { FactsCollector } from '../adapt';
import { firstOutput, outputsOf, type RawOutput } from '../outputs';

/** A collected log's kind by its key and content; a supplied one was recognised already (and is refused if no log). */
function logKind(o: RawOutput) {
  if (o.key.startsWith('journal-')) return 'journal-json' as const;
  return o.inputKind !== undefined ? logInputKind(o.text, o.file) : guessLogKind(o.text);
}

export const logsSpec: StepSpec = {
  id: 'logs',
  number: 5,
  title: 'Audit compression and encryption from logs',
  guideCommand: 'journalctl -u pptpd',
  purpose: 'Find the MPPE negotiation, LCP timeouts, CHAP results and connect/terminate lines, and the settings behind them: pppd options, chap-secrets, firewall.',
  essential: true,
  facts: ['logs', 'pppOptions', 'chapSecrets', 'firewall'],
  rules: [
    'mppe-negotiation-failed',
    'mppe-not-required',
    'ppp-auth-not-required',
    'ppp-legacy-auth',
    'ppp-options-contradict',
    'ppp-auth-failures',
    'tunnel-flapping',
    'tcp1723-unrestricted',
    'firewall-accept-shadowed',
    'gre-forward-blocked',
    'pptp-helper-not-assigned',
    'mss-clamp-missing',
    'chap-secrets-exposed',
    'chap-secrets-weak',
  ],
  plan: () => [
    opCommand('journal-pptpd', 'pptpd journal', { op: 'logs.journal', unit: 'pptpd' }),
    opCommand('journal-pppd', 'pppd journal', { op: 'logs.journal', identifier: 'pppd' }),
    ...LOG_FILES.map((path) => opCommand(`log:${path}`, 'system log that may hold pppd/pptpd lines', { op: 'logs.file', path })),
    ...PPP_OPTION_FILES.map((path) => opCommand(`options:${path}`, 'pppd/pptpd settings (passwords redacted by the helper)', { op: 'ppp.options', path })),
    opCommand('chap-secrets', 'secret lengths and file mode (never the secrets)', { op: 'ppp.chapSecrets' }),
    opCommand('iptables', 'firewall rules: ACCEPT for protocol 47, TCP 1723 allowlist', { op: 'firewall.iptables', family: 'ipv4' }),
    opCommand('iptables-legacy', 'rules loaded with iptables-legacy (x_tables): applied beside nf_tables, invisible to iptables-save', {
      op: 'firewall.iptablesLegacy',
      family: 'ipv4',
    }),
    opCommand('nft', 'nftables ruleset (hosts that filter with nft directly)', { op: 'firewall.nft' }),
  ],
  adapt(outputs) {
    const c = new FactsCollector();
    const logs = outputs.filter((o) => (o.key.startsWith('journal-') || o.key.startsWith('log:')) && o.text.trim() !== '');
    if (logs.length > 0) {
      c.take('logs', () =>
        logsFacts(logs.map((l) => ({ file: l.file, text: l.text, kind: logKind(l) }))),
      );
    }
    // pppd reads the first options file pptpd names; the catalogue lists them in that order.
    const options = outputs.find((o) => o.key.startsWith('options:') && o.text.trim() !== '');
    if (options) {
      const hostPath = options.hostPath ?? options.key.slice('options:'.length);
      c.take('pppOptions', () => pppOptionsFacts(options.text, options.file, hostPath));
    }
    const chap = firstOutput(outputs, 'chap-secrets');
    if (chap) c.take('chapSecrets', () => chapSecretsFacts(JSON.parse(chap.text) as ChapSecretsSummary, chap.file));
    // nf_tables (iptables-save, nft) and x_tables (iptables-legacy-save) are both applied.
    const listing = (o: RawOutput) => ({ text: o.text, file: o.file, ...(o.stderr !== undefined ? { stderr: o.stderr } : {}) });
    const legacy = outputsOf(outputs, 'iptables-legacy');
    const firewallListings = {
      iptables: outputsOf(outputs, 'iptables').map(listing),
      legacy: legacy.length > 0 ? legacy.map(listing) : null,
      nft: outputsOf(outputs, 'nft').map(listing),
    };
    if (firewallListings.iptables.length > 0 || firewallListings.nft.some((o) => o.text.trim() !== '')) {
      c.take('firewall', () => kernelFirewallFacts(firewallListings) ?? undefined);
    }
    return c.result();
  },
};
