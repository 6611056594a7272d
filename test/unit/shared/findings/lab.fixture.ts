/**
 * AuditFacts built from the REAL outputs of the netns PPTP lab (test/fixtures/lab/<scenario>/:
 * pptpd + pptp-linux between two namespaces) through the audit's own adapters
 * (shared/audit/facts): the path the headless runner takes, minus the spawning.
 */
import { readFileSync } from 'node:fs';
import type { AuditFacts } from '../../../../shared/findings';
import {
  chapSecretsFacts,
  firewallFacts,
  interfacesFacts,
  latencyFacts,
  logsFacts,
  modulesFacts,
  pppOptionsFacts,
  wireFacts,
} from '../../../../shared/audit/facts';
import { summariseChapSecrets } from '../../../../shared/ops/chapSecretsSummary';

const lab = new URL('../../../fixtures/lab/', import.meta.url).pathname;

export function labFacts(scenario: 'healthy' | 'cleartext'): AuditFacts {
  const read = (name: string) => readFileSync(`${lab}${scenario}/${name}`, 'utf8');
  const at = (name: string) => `outputs/${name}`;
  return {
    interfaces: interfacesFacts(read('client-ip-addr-up.json'), at('client-ip-addr-up.json'), { iface: 'ppp0', carrier: 'cl0' }),
    modules: modulesFacts(
      { procModules: read('proc-modules.txt'), sysctls: read('sysctl-nf_conntrack_helper.txt') },
      { procModules: at('proc-modules.txt'), sysctls: at('sysctl-nf_conntrack_helper.txt') },
    ),
    wire: wireFacts(new Uint8Array(readFileSync(`${lab}${scenario}/capture.pcap`)), 'captures/capture.pcap'),
    logs: logsFacts([{ file: at('server-pppd.log'), text: read('server-pppd.log'), kind: 'pppd-logfile' }], { year: 2026 }),
    latency: latencyFacts(read('ping-1400.txt'), at('ping-1400.txt')),
    firewall: firewallFacts(read('server-iptables-save.txt'), at('server-iptables-save.txt')),
    pppOptions: pppOptionsFacts(read('options.pptpd'), at('options.pptpd'), '/etc/ppp/options.pptpd'),
    // The lab's chap-secrets with the permissions a Debian install gives it (0600 root:root).
    chapSecrets: chapSecretsFacts(
      summariseChapSecrets(read('chap-secrets'), { path: '/etc/ppp/chap-secrets', mode: 0o100600, uid: 0, gid: 0, owner: 'root', group: 'root', sizeBytes: 120 }),
      'outputs/ppp.chapSecrets.json',
    ),
  };
}
