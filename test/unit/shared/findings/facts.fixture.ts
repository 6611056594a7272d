/**
 * Builders of AuditFacts sections for rule tests: each returns a healthy section that a test
 * then breaks in exactly one way, so a test shows what makes a rule fire and what does not.
 */
import type {
  AuditFacts,
  ChapSecretsFacts,
  FirewallFacts,
  InterfaceFacts,
  LatencyFacts,
  ListenerFacts,
  LogEvent,
  LogFacts,
  ModuleFacts,
  PathMtuFacts,
  ProcessFacts,
  SensorFacts,
  ThroughputFacts,
  WireFacts,
} from '../../../../shared/findings';
import { readFileSync } from 'node:fs';
import type { InterfaceInfo } from '../../../../shared/model/interfaces';
import type { TemperatureReading } from '../../../../shared/model/sensors';
import type { PppOptionsFacts } from '../../../../shared/findings';
import { parseIptablesSave } from '../../../../shared/parsers/iptablesSave';
import { auditFirewall } from '../../../../shared/analysis/hardeningFirewall';
import { parseSensorsJson } from '../../../../shared/parsers/sensors';
import { parsePppOptions } from '../../../../shared/parsers/pppOptions';
import { pppSecurityPosture } from '../../../../shared/analysis/hardeningPpp';

const fixtures = new URL('../../../fixtures/', import.meta.url).pathname;
const fixture = (path: string) => readFileSync(`${fixtures}${path}`, 'utf8');
import type { ChapSecretEntry } from '../../../../shared/ops/chapSecretsSummary';

export function iface(over: Partial<InterfaceInfo> = {}): InterfaceInfo {
  return {
    name: 'ppp0',
    ifindex: 7,
    flags: ['POINTOPOINT', 'MULTICAST', 'NOARP', 'UP', 'LOWER_UP'],
    mtu: 1400,
    operState: 'UNKNOWN',
    linkType: 'ppp',
    txqueuelen: 3,
    addresses: [{ family: 'inet', local: '10.8.0.2', peer: '10.8.0.1', prefixlen: 32, dynamic: false, validLifetime: null, preferredLifetime: null }],
    isTunnel: true,
    link: null,
    ...over,
  };
}

export function interfaces(over: Partial<InterfaceFacts> = {}): InterfaceFacts {
  return {
    source: 'outputs/0001-ip.addr.stdout',
    tunnel: 'ppp0',
    carrier: 'eth0',
    interfaces: [
      iface(),
      iface({
        name: 'eth0',
        ifindex: 2,
        flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
        mtu: 1500,
        linkType: 'ether',
        txqueuelen: 1000,
        isTunnel: false,
        addresses: [{ family: 'inet', local: '192.0.2.10', peer: null, prefixlen: 24, dynamic: false, validLifetime: null, preferredLifetime: null }],
      }),
    ],
    ...over,
  };
}

export function modules(over: Partial<ModuleFacts> = {}): ModuleFacts {
  const names = ['ppp_generic', 'ppp_mppe', 'pptp', 'gre', 'nf_conntrack_pptp', 'nf_nat_pptp'];
  return {
    source: 'outputs/0002-modules.list.stdout',
    present: names.map((name, i) => ({ name, how: 'loaded' as const, file: 'outputs/0002-modules.list.stdout', line: i + 1 })),
    conntrackHelperSysctl: { value: 1, file: 'outputs/0004-sysctl.read.stdout', line: 1 },
    gateway: { isGateway: true, basis: 'net.ipv4.ip_forward = 1', file: 'outputs/0005-sysctl.read.stdout', line: 1 },
    ...over,
  };
}

export function without(m: ModuleFacts, ...names: string[]): ModuleFacts {
  return { ...m, present: m.present.filter((p) => !names.includes(p.name)) };
}

export function throughput(over: Partial<ThroughputFacts> = {}, maxMbps = 20): ThroughputFacts {
  const dir = { currentBps: 1e6, avgBps: 5e6, minBps: 0, maxBps: maxMbps * 1e6, totalBytes: 1e8, totalPackets: 1e5, errors: 0, dropped: 0 };
  return {
    source: 'samples/throughput.jsonl',
    iface: 'ppp0',
    stats: { rx: dir, tx: { ...dir, maxBps: maxMbps * 0.5e6 }, samples: 600, gaps: 1, measuredSeconds: 300 },
    linkSpeedMbps: 100,
    linkSpeedSource: 'sysfs',
    discontinuities: [{ t: Date.parse('2026-11-24T08:00:00Z'), reason: 'start', line: 1 }],
    ...over,
  };
}

export function wire(over: Partial<WireFacts> = {}): WireFacts {
  return {
    source: 'captures/pptp.pcap',
    packets: 5000,
    control: { connections: 1, controlEstablished: true, callEstablished: true, firstPacket: 1, failures: [] },
    gre: {
      toServer: 2500,
      toClient: 2480,
      firstPacket: 9,
      calls: [
        { callId: 17, src: '192.0.2.10', dst: '198.51.100.1', packets: 2500, lost: 0, reordered: 0, duplicates: 0, firstPacket: 9 },
        { callId: 4, src: '198.51.100.1', dst: '192.0.2.10', packets: 2480, lost: 1, reordered: 0, duplicates: 0, firstPacket: 10 },
      ],
    },
    encryption: { verdict: 'encrypted', encryptedFrames: 4900, cleartextFrames: 0 },
    mppe: [{ bits: [128], stateless: true, packet: 30 }],
    auth: { protocol: 'EAP', msChapV2: false, packet: 20 },
    lcpUnansweredConfigureRequests: 0,
    fragments: { count: 0 },
    fragmentation: { fragmentedDatagrams: 0, reassembled: 0, expired: 0, incomplete: 0, greFragmented: 0, grePackets: 4980, share: 0 },
    largestGrePacket: 1440,
    payloadRatio: 0.96,
    ...over,
  };
}

export function logEvent(kind: LogEvent['kind'], line: number, text: string, over: Partial<LogEvent> = {}): LogEvent {
  return { kind, file: 'outputs/0006-logs.journal.stdout', line, text, at: null, ...over };
}

export function logs(events: LogEvent[] = [], over: Partial<LogFacts> = {}): LogFacts {
  return {
    sources: ['outputs/0006-logs.journal.stdout'],
    events: events.length > 0 ? events : [logEvent('connect', 1, 'pptpd[812]: CTRL: Client 198.51.100.7 control connection started')],
    spanSeconds: 3600,
    ...over,
  };
}

export function latency(over: Partial<LatencyFacts['report']> = {}): LatencyFacts {
  return {
    source: 'outputs/0008-ping.run.stdout',
    report: {
      target: '10.8.0.1',
      payloadBytes: 1400,
      transmitted: 100,
      received: 100,
      lost: 0,
      lossPercent: 0,
      duplicates: 0,
      errors: 0,
      rtt: { minMs: 20.1, avgMs: 24.3, maxMs: 41.0, mdevMs: 3.2 },
      jitterMs: 2.5,
      meanDeltaMs: 3.1,
      reportedPathMtu: null,
      source: 'summary',
      ...over,
    },
  };
}

export function pathMtu(over: Partial<PathMtuFacts> = {}): PathMtuFacts {
  return { source: 'outputs/0009-ping.run.stdout', largestPassingPacket: 1400, smallestFailingPacket: 1401, ...over };
}

/** Real iptables-save output (test/fixtures/iptables/<name>.save.txt) through the hardening evaluator. */
export function firewall(name: 'hardened' | 'gre-after-reject' | 'empty' = 'hardened'): FirewallFacts {
  return { source: 'outputs/0010-firewall.iptables.stdout', audit: auditFirewall(parseIptablesSave(fixture(`iptables/${name}.save.txt`))) };
}

/** Real pppd options files (test/fixtures/pppoptions/<name>) through the posture analysis. */
export function pppOptions(name = 'debian12-pptpd-options'): PppOptionsFacts {
  return {
    source: 'outputs/0013-ppp.options.stdout',
    file: '/etc/ppp/options.pptpd',
    posture: pppSecurityPosture(parsePppOptions(fixture(`pppoptions/${name}`), '/etc/ppp/options.pptpd')),
  };
}

export function chapEntry(over: Partial<ChapSecretEntry> = {}): ChapSecretEntry {
  return {
    line: 3,
    client: 'rtu-17',
    server: 'pptpd',
    ipField: 'restricted',
    ipWildcard: false,
    addressCount: 1,
    secretKind: 'literal',
    secretLength: 40,
    entropyBits: 210,
    characterClasses: { lower: true, upper: true, digit: true, symbol: true },
    secretInName: false,
    ...over,
  };
}

export function chapSecrets(entries: ChapSecretEntry[] = [chapEntry()], mode = '0600'): ChapSecretsFacts {
  const bits = parseInt(mode, 8);
  return {
    source: 'outputs/0011-ppp.chapSecrets.stdout',
    summary: {
      path: '/etc/ppp/chap-secrets',
      mode,
      uid: 0,
      gid: 0,
      owner: 'root',
      group: 'root',
      sizeBytes: 512,
      worldReadable: (bits & 0o004) !== 0,
      groupReadable: (bits & 0o040) !== 0,
      worldWritable: (bits & 0o002) !== 0,
      entries,
      malformedLines: [],
    },
  };
}

/** Real `sensors -j` output of a desktop (41 °C, high 80, crit 100), or the given readings. */
export function sensors(readings?: Array<Partial<TemperatureReading> & { label: string; inputC: number }>): SensorFacts {
  const real = parseSensorsJson(fixture('sensors/example-desktop-public.json')).readings;
  const base = real[0]!;
  return { source: 'outputs/0012-sensors.read.stdout', readings: readings ? readings.map((r) => ({ ...base, highC: null, critC: null, ...r })) : real };
}

/** A fully collected, healthy audit (PPTP is still in use: that always fires). */
/** `ss -ltnp` of a PPTP server: pptpd on 1723 (pass null for a host where nothing listens). */
export function listeners(control: ListenerFacts['pptpControl'] = { address: '0.0.0.0', processes: ['pptpd'], line: 2 }): ListenerFacts {
  return {
    source: 'outputs/0005-sockets.listening.stdout',
    withProcesses: true,
    listeners: control ? [{ address: control.address, port: 1723, processes: control.processes, line: control.line }] : [],
    pptpControl: control,
  };
}

/** `ps -e -o pid,ppid,comm` with the given PPTP daemons. */
export function processes(pptp: ProcessFacts['pptp'] = [{ name: 'pppd', pid: 913, ppid: 1, line: 40 }]): ProcessFacts {
  return { source: 'outputs/0004-processes.list.stdout', total: 120, pptp };
}

export function healthyFacts(): AuditFacts {
  return {
    interfaces: interfaces(),
    modules: modules(),
    throughput: throughput(),
    wire: wire(),
    logs: logs([logEvent('mppe-enabled', 4, 'pppd[913]: MPPE 128-bit stateless compression enabled', { bits: 128, stateless: true })]),
    latency: latency(),
    pathMtu: pathMtu(),
    firewall: firewall(),
    pppOptions: pppOptions(),
    chapSecrets: chapSecrets(),
    sensors: sensors(),
    listeners: listeners(),
    processes: processes(),
  };
}
