import {
  chapSecretsFacts,
  firewallFacts,
  interfacesFacts,
  latencyFacts,
  logsFacts,
  modulesFacts,
  pathMtuFacts,
  pppOptionsFacts,
  probeFromDfPing,
  sensorsFacts,
  throughputFacts,
  tryAdapter,
  type CitedProbe,
} from '../../shared/audit/facts';
import type { AuditFacts } from '../../shared/findings/facts';
import type { AuditTarget } from '../../shared/model/audit';
import type { ChapSecretsSummary } from '../../shared/ops/chapSecretsSummary';
import type { Collected } from './collected';

/**
 * Turns what an audit gathered into the findings engine's input. An adapter that cannot read
 * its input leaves its section out (the rules then say "not evaluated") and the reason is
 * returned, so the report shows why instead of silently passing.
 */
export function factsFromCollected(c: Collected, target: AuditTarget): { facts: AuditFacts; problems: string[] } {
  const facts: AuditFacts = {};
  const problems: string[] = [];
  const take = <K extends keyof AuditFacts>(key: K, build: () => AuditFacts[K]) => {
    const outcome = tryAdapter(build);
    if (outcome.ok) facts[key] = outcome.facts;
    else problems.push(outcome.problem);
  };

  if (c.ipAddr) {
    const ip = c.ipAddr;
    take('interfaces', () => interfacesFacts(ip.text, ip.file, { iface: target.iface, carrier: target.carrier }));
  }
  if (c.modules) {
    const m = c.modules;
    take('modules', () =>
      modulesFacts(
        {
          procModules: m.procModules.text,
          builtin: m.builtin?.text,
          kernelConfig: m.kernelConfig?.text,
          sysctls: m.helperSysctl?.text,
          ipForward: m.ipForward?.text,
        },
        {
          procModules: m.procModules.file,
          builtin: m.builtin?.file,
          kernelConfig: m.kernelConfig?.file,
          sysctls: m.helperSysctl?.file,
          ipForward: m.ipForward?.file,
        },
      ),
    );
  }
  if (c.throughput) {
    const t = c.throughput;
    take('throughput', () => throughputFacts(t.samples, t.samplesFile, target.iface, t.linkSpeedMbps, t.linkSpeedSource));
  }
  if (c.capture) facts.wire = c.capture.facts;
  if (c.logs.length > 0) take('logs', () => logsFacts(c.logs.map((l) => ({ file: l.file, text: l.text, kind: l.kind }))));
  if (c.ping) {
    const ping = c.ping;
    take('latency', () => latencyFacts(ping.text, ping.file));
  }
  if (c.mtu && c.mtu.probes.length > 0) {
    const mtu = c.mtu;
    take('pathMtu', () => {
      const cited: CitedProbe[] = mtu.probes.map((p) => probeFromDfPing(p.text, p.file));
      return pathMtuFacts(cited, mtu.file, target.remoteIp.includes(':') ? 'inet6' : 'inet');
    });
  }
  if (c.firewall) {
    const fw = c.firewall;
    take('firewall', () => firewallFacts(fw.text, fw.file));
  }
  if (c.chapSecrets) {
    const chap = c.chapSecrets;
    take('chapSecrets', () => chapSecretsFacts(JSON.parse(chap.text) as ChapSecretsSummary, chap.file));
  }
  const options = c.pppOptions.find((o) => o.text.trim() !== '');
  if (options) {
    const hostPath = options.result.argv.at(-1) ?? '/etc/ppp/options.pptpd';
    take('pppOptions', () => pppOptionsFacts(options.text, options.file, hostPath));
  }
  if (c.sensors) {
    const sensors = c.sensors;
    take('sensors', () => sensorsFacts(sensors.text, sensors.file));
  }
  return { facts, problems };
}
