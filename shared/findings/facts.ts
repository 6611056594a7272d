/**
 * Everything the findings rules look at, normalised from the parsers and analyses of the six
 * steps (plus the hardening reads). Every section is optional: a section that is absent means
 * "not collected", and every rule that needs it reports itself as NOT EVALUATED rather than
 * passing. Each section names the bundle-relative file it was derived from (`source`) and its
 * items carry line or packet numbers, so a finding can cite exactly what it rests on.
 *
 * Where another room has a result type, it is referenced (InterfaceInfo, ThroughputStats,
 * LatencyReport, ChapSecretsSummary, FirewallAudit, PppSecurityPosture, TemperatureReading).
 * The module, log and wire sections are smaller local shapes because the rules need bundle
 * file/line references the producers do not carry; adapters.ts maps the producers' reports
 * (ModulesReport, PppEvent[], WireReport, MtuProbeResult) onto them.
 */
import type { InterfaceInfo } from '../model/interfaces';
import type { GapReason, ThroughputStats } from '../model/throughput';
import type { LatencyReport } from '../model/ping';
import type { ChapSecretsSummary } from '../ops/chapSecretsSummary';
import type { FirewallAudit, PppSecurityPosture } from '../model/hardening';
import type { TemperatureReading } from '../model/sensors';

/**
 * Step 1: `ip -j -d addr show` or `ip addr show` text (producer: shared/parsers/ipAddr.ts).
 * Each entry carries `linkType` (ppp / ether / ...) and, from `ip -d`, `kind` (ppp / veth /
 * null = not said): what the kernel says the link is, whatever its name.
 */
export interface InterfaceFacts {
  source: string;
  interfaces: InterfaceInfo[];
  /** The audited tunnel interface (target.iface). */
  tunnel: string;
  /** The physical interface carrying it (target.carrier), when known. */
  carrier: string | null;
}

export type ModulePresence = 'loaded' | 'builtin';

/** Step 2: /proc/modules, modules.builtin, sysctls (producer: step-2 modules parser). */
export interface ModuleFacts {
  /** The /proc/modules output file. */
  source: string;
  /** Every module found, loaded or built in, with where it was seen. */
  present: Array<{ name: string; how: ModulePresence; file: string; line?: number }>;
  /** net.netfilter.nf_conntrack_helper: 1 = automatic helper assignment; null = not read. */
  conntrackHelperSysctl: { value: number; file: string; line?: number } | null;
  /**
   * Does this host NAT or forward PPTP for others? From net.ipv4.ip_forward or the auditor.
   * null = unknown, and the NAT-helper rule is then not evaluated.
   */
  gateway: { isGateway: boolean; basis: string; file?: string; line?: number } | null;
  /** Modules whose presence could not be established (an input was missing): never "missing". */
  undetermined?: string[];
}

/** Step 3 (producer: electron throughput collector + shared/analysis rate computation). */
export interface ThroughputFacts {
  /** samples JSONL file of the bundle. */
  source: string;
  iface: string;
  stats: ThroughputStats;
  /** Carrier capacity in Mbit/s (auditor-entered or sysfs speed); null = unknown. */
  linkSpeedMbps: number | null;
  linkSpeedSource: 'auditor' | 'sysfs' | null;
  /** Gaps in the sample stream (PPP re-creation etc.), with the line of the sample file. */
  discontinuities: Array<{ t: number; reason: GapReason; line?: number }>;
}

/** One direction of one call's GRE stream (producer: shared/wire GRE accounting). */
export interface GreCallDirection {
  callId: number;
  src: string;
  dst: string;
  packets: number;
  /** Sequence numbers never seen. */
  lost: number;
  reordered: number;
  duplicates: number;
  firstPacket?: number;
}

/** Step 4: the decoded pcap (producer: shared/wire analysis of the capture). */
export interface WireFacts {
  /** The pcap, bundle-relative. */
  source: string;
  packets: number;
  control: {
    /** TCP 1723 connections seen (SYN or mid-stream). */
    connections: number;
    /** Start-Control-Connection-Reply with result "OK" seen: the control channel is up. */
    controlEstablished: boolean;
    /** Outgoing-Call-Reply with result "Connected" seen: a call (data session) was set up. */
    callEstablished: boolean;
    firstPacket?: number;
    /** Result/error codes other than success (e.g. OCRP "General error", SCCRP errors). */
    failures: Array<{ message: string; result: string; packet?: number }>;
  };
  gre: {
    /** GRE packets per direction, client→server and server→client (client = TCP 1723 initiator). */
    toServer: number;
    toClient: number;
    firstPacket?: number;
    calls: GreCallDirection[];
  };
  encryption: {
    /** Data frames carrying PPP protocol 0x00FD (MPPE) versus cleartext 0x0021 (IPv4) etc. */
    verdict: 'encrypted' | 'cleartext' | 'mixed' | 'no-data';
    encryptedFrames: number;
    cleartextFrames: number;
    firstCleartextPacket?: number;
  };
  /** CCP options agreed (one per call direction seen); empty when the negotiation was not captured. */
  mppe: Array<{ bits: number[]; stateless: boolean; packet?: number }>;
  /** PPP authentication seen on the wire; null when the handshake was not in the capture. */
  auth: { protocol: string; msChapV2: boolean; packet?: number } | null;
  /**
   * CHAP Failure packets: the authenticator refusing a response (MS-CHAPv2 "E=691 R=1 ...", the
   * challenge dropped). `count` is every one decoded; `packets` the first ones with their packet
   * numbers. Absent in facts recorded before they were counted.
   */
  authFailures?: {
    count: number;
    packets: Array<{ packet?: number; at: string | null; from: string; to: string; message: string }>;
  };
  /** LCP Configure-Requests without an Ack inside GRE (the wire side of "LCP timeout"). */
  lcpUnansweredConfigureRequests: number;
  /** IP fragments among the GRE packets. */
  fragments: { count: number; firstPacket?: number };
  /**
   * Outer IP fragmentation of the tunnel, measured by reassembly (absent in facts recorded
   * before it was measured: rules then say "not evaluated").
   */
  fragmentation?: {
    /** Outer IP datagrams (GRE or TCP 1723) that arrived in fragments. */
    fragmentedDatagrams: number;
    /** Of those, put back together. */
    reassembled: number;
    /** Given up: a piece still missing 60 s after the first (or the reassembly table was full). */
    expired: number;
    /** Still missing a piece when the capture ended. */
    incomplete: number;
    /** PPTP GRE packets that arrived as fragments, and all PPTP GRE packets decoded. */
    greFragmented: number;
    grePackets: number;
    /** greFragmented / grePackets, 0..1; null without GRE. */
    share: number | null;
    /** The first fragment in the capture. */
    firstPacket?: number;
  };
  /** Largest outer IP packet of the GRE stream, bytes. */
  largestGrePacket: number | null;
  /** Inner payload bytes / outer bytes, 0..1; null without data frames. */
  payloadRatio: number | null;
}

export type LogEventKind =
  | 'mppe-enabled'
  | 'lcp-timeout'
  | 'mppe-required-failed'
  | 'chap-success'
  | 'chap-failure'
  | 'mschapv2'
  | 'connect'
  | 'terminate'
  | 'error-619'
  | 'gre-loss'
  | 'echo-failure';

/** One recognised log line (producer: step-5 pppd/pptpd log parser). */
export interface LogEvent {
  kind: LogEventKind;
  file: string;
  line: number;
  /** The line as logged (never carries secrets: pppd does not log them). */
  text: string;
  /** ISO time when the line carries one. */
  at: string | null;
  /** For mppe-enabled: key length and stateless flag as logged. */
  bits?: number;
  stateless?: boolean;
  /** For gre-loss: packets the GRE receiver gave up waiting for. */
  packets?: number;
  /** For chap-success: the peer's user name when the log names it (pppd 2.5, server side);
   * for chap-failure: the user name that was refused, when the log names it. */
  user?: string;
  /**
   * For chap-failure (one per failed pppd session, not per line): which end was refused.
   * 'server' = a peer failed to authenticate to this host ("Peer X failed CHAP authentication");
   * 'client' = this host's own credentials were refused ("MS-CHAP authentication failed: ...").
   */
  side?: 'server' | 'client';
  /** For chap-failure: the peer's address (pptpd's control connection, or the pptp client's server). */
  peer?: string;
  /** For chap-failure: the MS-CHAP error code (E=691 bad user name or password, 649 no dial-in permission...). */
  errorCode?: number;
  /** For echo-failure: the number of LCP Echo-Requests left unanswered ("No response to N echo-requests"). */
  echoes?: number;
}

/** Step 5 (producer: journal / syslog parser). */
export interface LogFacts {
  /** The files read (bundle-relative): journal output, syslog excerpts. */
  sources: string[];
  events: LogEvent[];
  /** Span of the lines read, seconds; null when the lines carry no times. */
  spanSeconds: number | null;
}

/** Step 6 (producer: shared/parsers/ping.ts + latency analysis). */
export interface LatencyFacts {
  source: string;
  /** The main run: the one that sent the most requests (the last of equals). */
  report: LatencyReport;
  /** Every run of the file, each on its own (a file may hold several appended runs). */
  runs?: Array<{ report: LatencyReport; line: number }>;
}

/** Step 6, DF bisection (producer: path-MTU probe analysis). */
export interface PathMtuFacts {
  source: string;
  /** Largest IP packet (header included) that crossed the tunnel with DF set; null = none passed. */
  largestPassingPacket: number | null;
  /** Smallest size that failed, when one did. */
  smallestFailingPacket: number | null;
  line?: number;
}

/**
 * Firewall rules, evaluated in rule order (producer: shared/analysis/hardeningFirewall.ts), or,
 * when the listings are known to miss rules the kernel applies (iptables-legacy tables that were
 * not read), no audit at all but the reason: every firewall verdict is then "not evaluated",
 * never "unfiltered". The union makes a reader of `audit` face that case.
 */
export type FirewallFacts =
  | {
      /** The iptables-save / iptables -L / nft list ruleset output(s). */
      source: string;
      audit: FirewallAudit;
      notEvaluated?: undefined;
    }
  | {
      source: string;
      audit?: undefined;
      /** Why the rules read are not the firewall the kernel applies (one line). */
      notEvaluated: string;
    };
/** Firewall facts whose audit may be judged: the rules read are the firewall the kernel applies. */
export type ReadFirewallFacts = Extract<FirewallFacts, { audit: FirewallAudit }>;

/** pppd options (producer: shared/parsers/pppOptions.ts + shared/analysis/hardeningPpp.ts). */
export interface PppOptionsFacts {
  /** The options file as stored in the bundle. */
  source: string;
  /** Its path on the audited host, e.g. /etc/ppp/options.pptpd. */
  file: string;
  posture: PppSecurityPosture;
}

/** /etc/ppp/chap-secrets, summarised in the helper (producer: shared/ops/chapSecretsSummary.ts). */
export interface ChapSecretsFacts {
  source: string;
  summary: ChapSecretsSummary;
}

/** `sensors -j` (producer: shared/parsers/sensors.ts). */
export interface SensorFacts {
  source: string;
  readings: TemperatureReading[];
}

/** TCP listeners (`ss -ltnp`, producer: shared/parsers/ssListeners.ts). */
export interface ListenerFacts {
  source: string;
  /** The output has ss's Process column (-p): an empty process list then means "not shown". */
  withProcesses: boolean;
  listeners: Array<{ address: string; port: number; processes: string[]; line: number }>;
  /** What listens on TCP 1723 (PPTP control); null when nothing does. */
  pptpControl: { address: string; processes: string[]; line: number } | null;
}

/** PPTP-related processes (`ps -eo pid,ppid,comm`, producer: shared/parsers/psList.ts). */
export interface ProcessFacts {
  source: string;
  /** How many processes the list holds (0 would mean an empty or filtered list). */
  total: number;
  /** pppd, pptpd, pptpctrl and pptp (the client) processes present. */
  pptp: Array<{ name: 'pppd' | 'pptpd' | 'pptpctrl' | 'pptp'; pid: number; ppid: number; line: number }>;
}

export interface AuditFacts {
  interfaces?: InterfaceFacts;
  modules?: ModuleFacts;
  throughput?: ThroughputFacts;
  wire?: WireFacts;
  logs?: LogFacts;
  latency?: LatencyFacts;
  pathMtu?: PathMtuFacts;
  firewall?: FirewallFacts;
  pppOptions?: PppOptionsFacts;
  chapSecrets?: ChapSecretsFacts;
  sensors?: SensorFacts;
  listeners?: ListenerFacts;
  processes?: ProcessFacts;
}

export type FactKey = keyof AuditFacts;

export const FACT_KEYS: readonly FactKey[] = [
  'interfaces',
  'modules',
  'throughput',
  'wire',
  'logs',
  'latency',
  'pathMtu',
  'firewall',
  'pppOptions',
  'chapSecrets',
  'sensors',
  'listeners',
  'processes',
];

/** What each section is, for "not evaluated: missing X" messages. */
export const FACT_LABELS: Record<FactKey, string> = {
  interfaces: 'step 1 interface list (ip -j -d addr show)',
  modules: 'step 2 kernel modules (/proc/modules)',
  throughput: 'step 3 throughput samples',
  wire: 'step 4 capture (tcpdump of TCP 1723 and GRE)',
  logs: 'step 5 pppd/pptpd logs',
  latency: 'step 6 ping statistics',
  pathMtu: 'step 6 path-MTU probe',
  firewall: 'firewall rules (iptables-save / nft list ruleset)',
  pppOptions: 'pppd options (/etc/ppp/options.pptpd)',
  chapSecrets: '/etc/ppp/chap-secrets summary',
  sensors: 'sensors readings',
  listeners: 'TCP listeners (ss -ltnp)',
  processes: 'process list (ps -eo pid,ppid,comm)',
};
