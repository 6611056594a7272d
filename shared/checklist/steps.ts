import type { AuditTarget } from '../model/audit';
import { parseOpRequest, type OpName, type OpRequest } from '../ops/catalogue';
import { planArgv, planOperation } from '../ops/plan';
import { displayArgv } from './shellQuote';

/** The six steps of the source guide, in the guide's order. */
export const STEP_IDS = [
  'identify-interfaces',
  'kernel-modules',
  'throughput',
  'capture',
  'logs',
  'latency',
] as const;

export type StepId = (typeof STEP_IDS)[number];

export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && (STEP_IDS as readonly string[]).includes(value);
}

/**
 * A command as the checklist shows it. When it is an operation of the catalogue (shared/ops),
 * `request` is what the runner sends and `argv` is exactly what the helper will execute (from
 * the same planner), so the command on screen is the command in the evidence.
 */
export interface DisplayCommand {
  purpose: string;
  /** null for reads the collector does itself (throughput counters) or when a value is missing. */
  request: OpRequest | null;
  argv: string[];
  display: string;
  /** Needs root (or the sudo helper). */
  privileged: boolean;
}

/** What the commands are derived from, beyond the target: values known only at run time. */
export interface CommandContext {
  target: AuditTarget;
  /** `uname -r`; when unknown the display shows a placeholder and the op has no request. */
  kernelRelease?: string;
  /** Absolute folder the capture goes to (the bundle's captures/); placeholder when unknown. */
  captureDir?: string;
  captureSeconds?: number;
  captureMaxBytes?: number;
  /** Echo requests of step 6 (bounded: the audit must not flood an operational link). */
  pingCount?: number;
}

export interface StepDefinition {
  id: StepId;
  /** 1..6, as numbered in the source guide. */
  number: number;
  title: string;
  /** The command exactly as the source guide prints it (shown beside ours). */
  guideCommand: string;
  /** What the step establishes, in one sentence. */
  purpose: string;
  commands(context: CommandContext): DisplayCommand[];
}

export const DEFAULT_PING_COUNT = 100;
export const MAX_PING_COUNT = 1000;
/** The guide's `ping -i 0.2`: five packets a second, the fastest an unprivileged ping allows. */
export const PING_INTERVAL_S = 0.2;
export const PING_SIZE = 1400;
/** Payload of the first DF probe: 1400-byte tunnel MTU minus 20 (IP) and 8 (ICMP) headers. */
export const FIRST_PMTU_PROBE_PAYLOAD = 1372;
export const DEFAULT_CAPTURE_SECONDS = 60;
export const DEFAULT_CAPTURE_MAX_BYTES = 256 * 1024 * 1024;

/** Operations that only root (the sudo helper) can run. */
const PRIVILEGED_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'capture.start',
  'capture.stop',
  'logs.journal',
  'logs.file',
  'firewall.iptables',
  'firewall.nft',
  'ppp.chapSecrets',
  'ppp.options',
]);

/** A read of a fixed file is shown as the `cat` (or `zcat`) an auditor would type. */
function shownArgv(argv: string[], gunzip: boolean): string[] {
  if (argv[0] === 'read' && argv[1] !== undefined) return [gunzip && argv[1].endsWith('.gz') ? 'zcat' : 'cat', argv[1]];
  return argv;
}

function fromCatalogue(purpose: string, raw: Record<string, unknown>, kernelRelease = 'unknown'): DisplayCommand {
  const parsed = parseOpRequest(raw);
  if (!parsed.ok) throw new Error(`checklist built an invalid ${String(raw.op)} request: ${parsed.error}`);
  const plan = planOperation(parsed.request, { kernelRelease });
  const argv = shownArgv(planArgv(plan), plan.kind === 'read' && plan.gunzip);
  return { purpose, request: parsed.request, argv, display: displayArgv(argv), privileged: PRIVILEGED_OPS.has(parsed.request.op) };
}

/** For values the catalogue cannot plan yet (unknown kernel release): shown, not runnable. */
function placeholder(purpose: string, argv: string[], privileged = false): DisplayCommand {
  return { purpose, request: null, argv, display: displayArgv(argv), privileged };
}

function collectorRead(purpose: string, argv: string[]): DisplayCommand {
  return { purpose, request: null, argv, display: displayArgv(argv), privileged: false };
}

export const STEPS: readonly StepDefinition[] = [
  {
    id: 'identify-interfaces',
    number: 1,
    title: 'Identify tunnel interfaces',
    guideCommand: 'ip addr show',
    purpose: 'Find every ppp interface: flags, MTU, txqueuelen, local and peer address, lifetime, carrier.',
    commands: ({ target }) => [
      fromCatalogue('every interface with details, as JSON', { op: 'ip.addr' }),
      fromCatalogue('the tunnel interface: MTU, qlen, counters', { op: 'ip.link.stats', iface: target.iface }),
      fromCatalogue('the carrier interface', { op: 'ip.link.stats', iface: target.carrier }),
    ],
  },
  {
    id: 'kernel-modules',
    number: 2,
    title: 'Verify kernel modules',
    guideCommand: 'lsmod | grep ppp',
    purpose: 'Confirm ppp_generic, ppp_mppe, pptp/gre and, on gateways, the PPTP NAT helpers.',
    commands: ({ kernelRelease }) => [
      fromCatalogue('loaded modules (what lsmod reads)', { op: 'modules.list' }),
      kernelRelease !== undefined
        ? fromCatalogue('modules built into the kernel', { op: 'modules.builtin' }, kernelRelease)
        : placeholder('modules built into the kernel', ['cat', '/lib/modules/<uname -r>/modules.builtin']),
      kernelRelease !== undefined
        ? fromCatalogue('kernel configuration (built-in or module)', { op: 'kernel.config' }, kernelRelease)
        : placeholder('kernel configuration (built-in or module)', ['zcat', '/proc/config.gz']),
      fromCatalogue('conntrack helper assignment', { op: 'sysctl.read', key: 'net.netfilter.nf_conntrack_helper' }),
      fromCatalogue('is this host a gateway (forwarding)?', { op: 'sysctl.read', key: 'net.ipv4.ip_forward' }),
    ],
  },
  {
    id: 'throughput',
    number: 3,
    title: 'Live throughput',
    guideCommand: 'nload ppp0',
    purpose: 'Sample the tunnel counters sub-second and compare with the carrier link capacity.',
    commands: ({ target }) => [
      collectorRead('per-interface counters (what nload reads)', ['cat', '/proc/net/dev']),
      collectorRead('tunnel receive bytes', ['cat', `/sys/class/net/${target.iface}/statistics/rx_bytes`]),
      collectorRead('tunnel transmit bytes', ['cat', `/sys/class/net/${target.iface}/statistics/tx_bytes`]),
      collectorRead('carrier link speed (Mbit/s)', ['cat', `/sys/class/net/${target.carrier}/speed`]),
      fromCatalogue('gateway temperatures under load (thermal stress)', { op: 'sensors.read' }),
    ],
  },
  {
    id: 'capture',
    number: 4,
    title: 'Capture control and data channels',
    guideCommand: 'tcpdump -i eth0 port 1723 or proto 47 -vv',
    purpose: 'Record PPTP control (TCP 1723) and GRE data (protocol 47) on the carrier and decode them.',
    commands: ({ target, captureDir, captureSeconds, captureMaxBytes }) => {
      const request = {
        op: 'capture.start',
        iface: target.carrier,
        durationS: captureSeconds ?? DEFAULT_CAPTURE_SECONDS,
        maxBytes: captureMaxBytes ?? DEFAULT_CAPTURE_MAX_BYTES,
        dir: captureDir ?? '/nonexistent/bundle/captures',
      };
      const command = fromCatalogue('passive capture of control and data channels (the helper writes the pcap)', request);
      return [captureDir !== undefined ? command : { ...command, request: null }];
    },
  },
  {
    id: 'logs',
    number: 5,
    title: 'Audit compression and encryption from logs',
    guideCommand: 'journalctl -u pptpd',
    purpose: 'Find the MPPE negotiation, LCP timeouts, CHAP results and connect/terminate lines, and the settings behind them.',
    commands: () => [
      fromCatalogue('pptpd journal', { op: 'logs.journal', unit: 'pptpd' }),
      fromCatalogue('pppd journal', { op: 'logs.journal', identifier: 'pppd' }),
      fromCatalogue('syslog', { op: 'logs.file', path: '/var/log/syslog' }),
      fromCatalogue('messages', { op: 'logs.file', path: '/var/log/messages' }),
      fromCatalogue('pppd error log, if configured', { op: 'logs.file', path: '/var/log/ppp-errors.log' }),
      fromCatalogue('MPPE settings (require-mppe-128?)', { op: 'ppp.options', path: '/etc/ppp/options.pptpd' }),
      fromCatalogue('secret lengths and file mode (never the secrets)', { op: 'ppp.chapSecrets' }),
      fromCatalogue('firewall rules: ACCEPT for protocol 47, TCP 1723 allowlist', { op: 'firewall.iptables' }),
    ],
  },
  {
    id: 'latency',
    number: 6,
    title: 'Latency and jitter',
    guideCommand: 'ping -i 0.2 -s 1400 [Remote_Internal_IP]',
    purpose: 'RTT, jitter and loss across the tunnel, and the largest packet that passes unfragmented.',
    commands: ({ target, pingCount }) => {
      const count = Math.min(Math.max(1, Math.trunc(pingCount ?? DEFAULT_PING_COUNT)), MAX_PING_COUNT);
      return [
        fromCatalogue('latency, jitter and loss with large packets', {
          op: 'ping.run',
          target: target.remoteIp,
          count,
          intervalS: PING_INTERVAL_S,
          size: PING_SIZE,
          dontFragment: false,
          deadlineS: Math.ceil(count * PING_INTERVAL_S) + 5,
        }),
        fromCatalogue('path-MTU probe inside the tunnel, do not fragment (payload size is bisected)', {
          op: 'ping.run',
          target: target.remoteIp,
          count: 3,
          intervalS: PING_INTERVAL_S,
          size: FIRST_PMTU_PROBE_PAYLOAD,
          dontFragment: true,
          deadlineS: 3,
          iface: target.iface,
        }),
      ];
    },
  },
];

export function stepDefinition(id: StepId): StepDefinition {
  const found = STEPS.find((s) => s.id === id);
  if (!found) throw new Error(`unknown step ${id}`);
  return found;
}
