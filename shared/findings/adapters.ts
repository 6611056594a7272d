/**
 * Maps the producers' reports onto AuditFacts. Each function takes the bundle-relative file the
 * report was parsed from, so the rules can cite it. Nothing here judges: it only reshapes.
 */
import { summariseSamples } from '../analysis/throughputStats';
import type { MtuProbeResult } from '../analysis/mtuProbe';
import type { FirewallAudit, PppSecurityPosture } from '../model/hardening';
import type { InterfaceInfo } from '../model/interfaces';
import type { PppEvent } from '../model/logs';
import type { ModulesReport } from '../model/modules';
import type { LatencyReport } from '../model/ping';
import type { SensorsReport } from '../model/sensors';
import type { ThroughputSample } from '../model/throughput';
import type { ChapSecretsSummary } from '../ops/chapSecretsSummary';
import type { WireReport } from '../wire/report';
import type {
  ChapSecretsFacts,
  FirewallFacts,
  InterfaceFacts,
  LatencyFacts,
  LogEvent,
  LogFacts,
  ModuleFacts,
  PathMtuFacts,
  PppOptionsFacts,
  SensorFacts,
  ThroughputFacts,
  WireFacts,
} from './facts';

export function interfaceFacts(source: string, interfaces: InterfaceInfo[], target: { iface: string; carrier: string | null }): InterfaceFacts {
  return { source, interfaces, tunnel: target.iface, carrier: target.carrier };
}

/** Step 2. `gateway` comes from net.ipv4.ip_forward or the auditor; null leaves the NAT rule unevaluated. */
export function moduleFacts(
  source: string,
  report: ModulesReport,
  options: { sysctlSource?: string; gateway?: ModuleFacts['gateway'] } = {},
): ModuleFacts {
  const helper = report.helperSysctl;
  const value = helper?.value !== null && helper?.value !== undefined ? Number(helper.value) : NaN;
  return {
    source,
    present: report.modules.filter((m) => m.present).map((m) => ({ name: m.module, how: m.state === 'built-in' ? ('builtin' as const) : ('loaded' as const), file: source })),
    // 'unknown' = an input was missing: such a module must never be reported missing.
    undetermined: report.modules.filter((m) => m.state === 'unknown').map((m) => m.module),
    conntrackHelperSysctl: Number.isFinite(value) ? { value, file: options.sysctlSource ?? source } : null,
    gateway: options.gateway ?? null,
  };
}

export function throughputFacts(
  source: string,
  iface: string,
  /** The samples of `iface` in file order (line n of the samples file = index n-1). */
  samples: readonly ThroughputSample[],
  link: { speedMbps: number | null; source: 'auditor' | 'sysfs' | null },
): ThroughputFacts {
  const mine = samples.map((s, index) => ({ s, line: index + 1 })).filter(({ s }) => s.iface === iface);
  return {
    source,
    iface,
    stats: summariseSamples(mine.map(({ s }) => s)),
    linkSpeedMbps: link.speedMbps,
    linkSpeedSource: link.source,
    discontinuities: mine.filter(({ s }) => s.gap && s.gapReason !== null).map(({ s, line }) => ({ t: s.t, reason: s.gapReason!, line })),
  };
}

export function wireFacts(source: string, report: WireReport): WireFacts {
  const clients = new Set(report.pptp.connections.map((c) => c.client));
  let toServer = 0;
  let toClient = 0;
  for (const call of report.gre.calls) {
    if (clients.has(call.src)) toServer += call.packets;
    else toClient += call.packets;
  }
  const failures = [
    ...report.pptp.connections.filter((c) => c.startResult !== null && !c.established).map((c) => ({ message: 'Start-Control-Connection-Reply', result: c.startResult ?? '' })),
    ...report.pptp.calls.filter((c) => !c.established && c.result !== null).map((c) => ({ message: 'Outgoing-Call-Reply', result: [c.result, c.error].filter(Boolean).join(', ') })),
  ];
  const mppe = report.mppe?.agreed
    ? [{ bits: report.mppe.agreed, stateless: report.mppe.statelessObserved ?? report.mppe.stateless }]
    : [];
  const auth = report.auth.protocol === null ? null : { protocol: report.auth.protocol, msChapV2: report.auth.mschapv2Handshake || report.auth.protocol === 'MS-CHAPv2' };
  const { payloadBytes, overheadBytes } = report.overhead;
  return {
    source,
    packets: report.packets,
    control: {
      connections: report.pptp.connections.length,
      controlEstablished: report.pptp.connections.some((c) => c.established),
      callEstablished: report.pptp.calls.some((c) => c.established),
      failures,
    },
    gre: {
      toServer,
      toClient,
      // Only packets carrying a sequence number can be counted as lost or reordered.
      calls: report.gre.calls.map((c) => ({ callId: c.callId, src: c.src, dst: c.dst, packets: c.withSeq, lost: c.lost, reordered: c.reordered, duplicates: c.duplicates })),
    },
    encryption: {
      verdict: report.encryption.verdict === 'unknown' ? 'no-data' : report.encryption.verdict,
      encryptedFrames: report.encryption.encryptedFrames,
      cleartextFrames: report.encryption.cleartextFrames,
    },
    mppe,
    auth,
    lcpUnansweredConfigureRequests: Math.max(0, report.lcp.configureRequests - report.lcp.configureAcks),
    fragments: { count: report.ip.fragments },
    largestGrePacket: null,
    payloadRatio: payloadBytes + overheadBytes > 0 ? payloadBytes / (payloadBytes + overheadBytes) : null,
  };
}

/** pppd/pptpd events (shared/parsers/pppLog classifyPppLine or analysis/logsSessions buildSessions). */
export function logFacts(events: readonly PppEvent[], fileFor: (source: string) => string = (s) => s): LogFacts {
  const out: LogEvent[] = [];
  const times: number[] = [];
  const sources = new Set<string>();
  for (const e of events) {
    const file = fileFor(e.line.source);
    sources.add(file);
    if (e.line.time !== null) times.push(e.line.time);
    const base = { file, line: e.line.lineNo, text: e.line.message, at: e.line.time !== null ? new Date(e.line.time).toISOString() : null };
    const push = (kind: LogEvent['kind'], extra: Partial<LogEvent> = {}) => out.push({ kind, ...base, ...extra });
    switch (e.kind) {
      case 'mppe': {
        const bits = typeof e.data.bits === 'number' ? e.data.bits : undefined;
        const stateless = typeof e.data.stateless === 'boolean' ? e.data.stateless : undefined;
        push('mppe-enabled', { ...(bits !== undefined ? { bits } : {}), ...(stateless !== undefined ? { stateless } : {}) });
        break;
      }
      case 'lcp-timeout':
        push('lcp-timeout');
        break;
      case 'mppe-failed':
      case 'mppe-refused':
        push('mppe-required-failed');
        break;
      case 'auth-ok':
        push('chap-success');
        break;
      case 'auth-fail':
        push('chap-failure');
        break;
      case 'auth-method':
        if (typeof e.data.method === 'string' && /MS-v2/i.test(e.data.method)) push('mschapv2');
        break;
      case 'connect':
        push('connect');
        break;
      // pppd prints "Connection terminated." once per link end, whatever ended it.
      case 'connection-terminated':
        push('terminate');
        break;
      default:
        break;
    }
    if (/\b(?:error|Error)\s*619\b|\b619\b.*(?:error|failed)/.test(e.line.message)) push('error-619');
  }
  const span = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : null;
  return { sources: [...sources], events: out, spanSeconds: span };
}

export function latencyFacts(source: string, report: LatencyReport): LatencyFacts {
  return { source, report };
}

/** Step 6 DF bisection (shared/analysis/mtuProbe mtuProbeResult). */
export function pathMtuFacts(source: string, result: MtuProbeResult): PathMtuFacts {
  return { source, largestPassingPacket: result.pathMtu, smallestFailingPacket: result.smallestFailingPacket ?? null };
}

export function firewallFacts(source: string, audit: FirewallAudit): FirewallFacts {
  return { source, audit };
}

export function pppOptionsFacts(source: string, file: string, posture: PppSecurityPosture): PppOptionsFacts {
  return { source, file, posture };
}

export function chapSecretsFacts(source: string, summary: ChapSecretsSummary): ChapSecretsFacts {
  return { source, summary };
}

export function sensorFacts(source: string, report: SensorsReport): SensorFacts {
  return { source, readings: report.readings };
}
