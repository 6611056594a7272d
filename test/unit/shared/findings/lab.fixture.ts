/**
 * AuditFacts built from the REAL outputs of the netns PPTP lab (test/fixtures/lab/<scenario>/:
 * pptpd + pptp-linux between two namespaces), through the producers' own parsers and analyses
 * and the adapters. This is the path the headless runner takes, minus the spawning.
 */
import { readFileSync } from 'node:fs';
import {
  chapSecretsFacts,
  firewallFacts,
  interfaceFacts,
  latencyFacts,
  logFacts,
  moduleFacts,
  pppOptionsFacts,
  wireFacts,
  type AuditFacts,
} from '../../../../shared/findings';
import { parseIpAddrJson } from '../../../../shared/parsers/ipAddr';
import { parseLoadedModules } from '../../../../shared/parsers/procModules';
import { parseSysctl } from '../../../../shared/parsers/kernelConfig';
import { analyseModules } from '../../../../shared/analysis/modules';
import { WireDecoder } from '../../../../shared/wire/wireDecoder';
import { parseLogText } from '../../../../shared/parsers/logLines';
import { buildSessions } from '../../../../shared/analysis/logsSessions';
import { parsePing } from '../../../../shared/parsers/ping';
import { latencyReport } from '../../../../shared/analysis/jitter';
import { parseIptablesSave } from '../../../../shared/parsers/iptablesSave';
import { auditFirewall } from '../../../../shared/analysis/hardeningFirewall';
import { parsePppOptions } from '../../../../shared/parsers/pppOptions';
import { pppSecurityPosture } from '../../../../shared/analysis/hardeningPpp';
import { summariseChapSecrets } from '../../../../shared/ops/chapSecretsSummary';

const lab = new URL('../../../fixtures/lab/', import.meta.url).pathname;

export function labFacts(scenario: 'healthy' | 'cleartext'): AuditFacts {
  const read = (name: string) => readFileSync(`${lab}${scenario}/${name}`, 'utf8');
  const at = (name: string) => `outputs/${name}`;

  const decoder = new WireDecoder();
  decoder.push(new Uint8Array(readFileSync(`${lab}${scenario}/capture.pcap`)));
  const wire = decoder.finish();

  const log = parseLogText(read('server-pppd.log'), { source: 'server-pppd.log', year: 2026, bareProgram: 'pppd' });
  const { events } = buildSessions(log.lines);

  return {
    interfaces: interfaceFacts(at('client-ip-addr-up.json'), parseIpAddrJson(read('client-ip-addr-up.json')), { iface: 'ppp0', carrier: 'cl0' }),
    modules: moduleFacts(
      at('proc-modules.txt'),
      analyseModules({
        loaded: parseLoadedModules(read('proc-modules.txt')).modules,
        builtin: null,
        config: null,
        helperSysctl: parseSysctl(read('sysctl-nf_conntrack_helper.txt'), 'net.netfilter.nf_conntrack_helper'),
      }),
      { sysctlSource: at('sysctl-nf_conntrack_helper.txt'), gateway: null },
    ),
    wire: wireFacts('captures/capture.pcap', wire),
    logs: logFacts(events, (source) => at(source)),
    latency: latencyFacts(at('ping-1400.txt'), latencyReport(parsePing(read('ping-1400.txt')))),
    firewall: firewallFacts(at('server-iptables-save.txt'), auditFirewall(parseIptablesSave(read('server-iptables-save.txt')))),
    pppOptions: pppOptionsFacts(at('options.pptpd'), '/etc/ppp/options.pptpd', pppSecurityPosture(parsePppOptions(read('options.pptpd'), '/etc/ppp/options.pptpd'))),
    // The lab's chap-secrets with the permissions a Debian install gives it (0600 root:root).
    chapSecrets: chapSecretsFacts(
      'outputs/ppp.chapSecrets.json',
      summariseChapSecrets(read('chap-secrets'), { path: '/etc/ppp/chap-secrets', mode: 0o100600, uid: 0, gid: 0, owner: 'root', group: 'root', sizeBytes: 120 }),
    ),
  };
}
