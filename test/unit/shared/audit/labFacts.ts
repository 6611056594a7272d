/**
 * Builds AuditFacts from one lab scenario's real artefacts (test/fixtures/lab/<scenario>/),
 * through the same adapters the headless audit runner uses. Reusable by any test that wants
 * "the facts an audit of this lab host would have produced".
 *
 * The lab (test/lab/guest/lib.sh) runs client and server in two namespaces of one UML guest.
 * The audited host is one of them (`side`, default the PPTP server, where pptpd, its options,
 * chap-secrets and firewall live); what the guest shares between them (kernel modules, the
 * syslog) is read once; the capture is the lab's single capture on the client carrier, which
 * on the direct topology sees the same packets as the server's carrier.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditFacts } from '../../../../shared/findings/facts';
import { summariseChapSecrets } from '../../../../shared/ops/chapSecretsSummary';
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
  wireFacts,
  type LogInput,
} from '../../../../shared/audit/facts/index';

const LAB_FIXTURES_URL = new URL('../../../fixtures/lab/x/', import.meta.url);
/** The committed fixtures; PA_LAB_FIXTURES=<dir> points the same tests at a fresh lab run
 * (e.g. .tmp/lab-cache/<hash>) before its artefacts are exported. */
export const LAB_FIXTURES = process.env.PA_LAB_FIXTURES ?? new URL('../../../fixtures/lab/', import.meta.url).pathname;

export type LabSide = 'server' | 'client' | 'nat';

export interface LabFactsOptions {
  side?: LabSide;
  /** Also read client-pppd.log/server-pppd.log (deduplicated against the syslog). */
  withPppdLogfiles?: boolean;
}

export interface LabFacts {
  scenario: string;
  dir: string;
  side: LabSide;
  facts: AuditFacts;
  /** Fact section → the fixture file(s) it was built from. */
  used: Partial<Record<keyof AuditFacts, string[]>>;
}

/** Scenarios present under test/fixtures/lab/ (the lab adds more as it runs them). */
export function labScenarios(): string[] {
  if (!existsSync(LAB_FIXTURES)) return [];
  return readdirSync(LAB_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(LAB_FIXTURES, d.name, 'scenario.json')))
    .map((d) => d.name)
    .sort();
}

const UML_BUILTIN_FILE = '../../modules/uml-6.1-modules.builtin';
const UML_CONFIG_FILE = '../../modules/uml-6.1-config.txt';
const UML_BUILTIN = readFileSync(new URL(UML_BUILTIN_FILE, LAB_FIXTURES_URL), 'utf8');
const UML_CONFIG = readFileSync(new URL(UML_CONFIG_FILE, LAB_FIXTURES_URL), 'utf8');

/** Interface snapshot phases the scenarios write, most telling first (tunnel up). */
const PHASES = ['up', 'negotiating', 'before-flap', 'after-flap', 'during-flap', 'end'];

/** Carrier veth of each side (lib.sh lab_topology). */
const CARRIER: Record<LabSide, string> = { server: 'sv0', client: 'cl0', nat: 'ns0' };

export function factsFromLabScenario(dir: string, options: LabFactsOptions = {}): LabFacts {
  const side = options.side ?? 'server';
  const has = (f: string) => existsSync(join(dir, f));
  const text = (f: string) => readFileSync(join(dir, f), 'utf8');
  const scenarioJson = has('scenario.json') ? (JSON.parse(text('scenario.json')) as { scenario?: string; start?: string }) : {};
  const scenario = scenarioJson.scenario ?? dir.split('/').filter(Boolean).at(-1) ?? dir;
  const year = scenarioJson.start ? new Date(scenarioJson.start).getUTCFullYear() : 2026;
  const facts: AuditFacts = {};
  const used: LabFacts['used'] = {};

  // Step 1: the first snapshot of this side that shows a ppp interface, else the first one.
  const snapshots = PHASES.map((p) => `${side}-ip-addr-${p}.json`).filter(has);
  const withPpp = snapshots.find((f) => /"ifname":"ppp\d+"/.test(text(f)));
  const ipFile = withPpp ?? snapshots[0];
  if (ipFile) {
    facts.interfaces = interfacesFacts(text(ipFile), ipFile, { iface: 'ppp0', carrier: CARRIER[side] });
    used.interfaces = [ipFile];
  }

  // Step 2: the guest's one kernel. Its modules.builtin and config are those of the Debian
  // user-mode-linux package it boots (6.1.176, the same as dmesg.txt), committed under
  // test/fixtures/modules/, so a module that is not loaded is known to be absent, not guessed.
  // ip_forward was not collected: the lab's topology says which namespace forwards (lib.sh
  // sets ip_forward=1 in `nat` only).
  if (has('proc-modules.txt')) {
    const sysctl = has('sysctl-nf_conntrack_helper.txt') ? 'sysctl-nf_conntrack_helper.txt' : undefined;
    facts.modules = modulesFacts(
      { procModules: text('proc-modules.txt'), sysctls: sysctl ? text(sysctl) : undefined, builtin: UML_BUILTIN, kernelConfig: UML_CONFIG },
      { procModules: 'proc-modules.txt', sysctls: sysctl, builtin: UML_BUILTIN_FILE, kernelConfig: UML_CONFIG_FILE },
      {
        role:
          side === 'nat'
            ? { isGateway: true, basis: 'lab topology: the nat namespace masquerades with ip_forward=1 (auditor)' }
            : { isGateway: false, basis: `lab topology: the ${side} namespace forwards nothing (auditor)` },
      },
    );
    used.modules = ['proc-modules.txt', ...(sysctl ? [sysctl] : []), UML_BUILTIN_FILE, UML_CONFIG_FILE];
  }

  // Step 4.
  if (has('capture.pcap')) {
    facts.wire = wireFacts(new Uint8Array(readFileSync(join(dir, 'capture.pcap'))), 'capture.pcap');
    used.wire = ['capture.pcap'];
  }

  // Step 5: the guest syslog, which holds every line of both daemons (pppd logs to syslog as
  // well as to its logfile). The *-pppd.log files are left out: .gitignore's "*.log" keeps them
  // out of the repository, so a fresh checkout does not have them (and the copies on disk may
  // come from another run than syslog.txt). Pass `withPppdLogfiles` to add them when present.
  const logInputs: LogInput[] = [];
  if (has('syslog.txt')) logInputs.push({ file: 'syslog.txt', text: text('syslog.txt'), kind: 'syslog' });
  if (options.withPppdLogfiles || !has('syslog.txt')) {
    for (const f of ['server-pppd.log', 'client-pppd.log']) if (has(f)) logInputs.push({ file: f, text: text(f), kind: 'pppd-logfile' });
  }
  if (logInputs.length > 0) {
    facts.logs = logsFacts(logInputs, { year });
    used.logs = logInputs.map((i) => i.file);
  }

  // Step 6: pings run from the client across the tunnel (the same path seen from either end).
  if (has('ping-1400.txt')) {
    facts.latency = latencyFacts(text('ping-1400.txt'), 'ping-1400.txt');
    used.latency = ['ping-1400.txt'];
  }
  const dfFiles = readdirSync(dir).filter((f) => /^ping-df-\d+\.txt$/.test(f)).sort();
  const probes = dfFiles.map((f) => probeFromDfPing(text(f), f));
  if (probes.length > 0) {
    facts.pathMtu = pathMtuFacts(probes, dfFiles[0] as string);
    used.pathMtu = dfFiles;
  }

  // Hardening reads of the audited side.
  const ipt = `${side}-iptables-save.txt`;
  if (has(ipt)) {
    facts.firewall = firewallFacts(text(ipt), ipt);
    used.firewall = [ipt];
  }
  const optionsFile = side === 'server' ? 'options.pptpd' : side === 'client' ? 'peer-lab.options' : null;
  if (optionsFile && has(optionsFile)) {
    facts.pppOptions = pppOptionsFacts(text(optionsFile), optionsFile, side === 'server' ? '/etc/ppp/options.pptpd' : '/etc/ppp/peers/lab');
    used.pppOptions = [optionsFile];
  }
  if (side === 'server' && has('chap-secrets')) {
    // lib.sh writes it root:root mode 600 (chmod 600 in lab_write_config); git does not keep
    // the mode, so the lab's configuration is stated here rather than read from the checkout.
    const body = text('chap-secrets');
    const summary = summariseChapSecrets(body, {
      path: '/etc/ppp/chap-secrets',
      mode: 0o100600,
      uid: 0,
      gid: 0,
      owner: 'root',
      group: 'root',
      sizeBytes: Buffer.byteLength(body),
    });
    facts.chapSecrets = chapSecretsFacts(summary, 'chap-secrets');
    used.chapSecrets = ['chap-secrets'];
  }
  return { scenario, dir, side, facts, used };
}
