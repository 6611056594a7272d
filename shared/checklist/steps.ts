import type { AuditTarget } from '../model/audit';
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

/** A command as the checklist shows it: the argv we run and its shell-quoted display form. */
export interface DisplayCommand {
  purpose: string;
  argv: string[];
  display: string;
  /** Needs root (or the sudo helper). */
  privileged: boolean;
}

/** What the commands are derived from, beyond the target: values known only at run time. */
export interface CommandContext {
  target: AuditTarget;
  /** `uname -r`; when unknown the display shows a placeholder. */
  kernelRelease?: string;
  /** Where the capture of step 4 is written; bundle-relative. */
  capturePath?: string;
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
/** Payload of the first DF probe: 1400-byte tunnel MTU minus 20 (IP) and 8 (ICMP) headers. */
export const FIRST_PMTU_PROBE_PAYLOAD = 1372;

function command(purpose: string, argv: string[], privileged = false): DisplayCommand {
  return { purpose, argv, display: displayArgv(argv), privileged };
}

export const STEPS: readonly StepDefinition[] = [
  {
    id: 'identify-interfaces',
    number: 1,
    title: 'Identify tunnel interfaces',
    guideCommand: 'ip addr show',
    purpose: 'Find every ppp interface: flags, MTU, txqueuelen, local and peer address, lifetime, carrier.',
    commands: ({ target }) => [
      command('every interface with details, as JSON', ['ip', '-j', '-d', 'addr', 'show']),
      command('the tunnel interface', ['ip', '-d', '-s', 'link', 'show', 'dev', target.iface]),
      command('the carrier interface', ['ip', '-j', '-d', 'addr', 'show', 'dev', target.carrier]),
    ],
  },
  {
    id: 'kernel-modules',
    number: 2,
    title: 'Verify kernel modules',
    guideCommand: 'lsmod | grep ppp',
    purpose: 'Confirm ppp_generic, ppp_mppe, pptp/gre and, on gateways, the PPTP NAT helpers.',
    commands: ({ kernelRelease }) => [
      command('loaded modules (what lsmod reads)', ['cat', '/proc/modules']),
      command('modules built into the kernel', [
        'cat',
        `/lib/modules/${kernelRelease ?? '<uname -r>'}/modules.builtin`,
      ]),
      command('conntrack helper assignment', ['sysctl', 'net.netfilter.nf_conntrack_helper']),
    ],
  },
  {
    id: 'throughput',
    number: 3,
    title: 'Live throughput',
    guideCommand: 'nload ppp0',
    purpose: 'Sample the tunnel counters sub-second and compare with the carrier link capacity.',
    commands: ({ target }) => [
      command('per-interface counters (what nload reads)', ['cat', '/proc/net/dev']),
      command('tunnel receive bytes', ['cat', `/sys/class/net/${target.iface}/statistics/rx_bytes`]),
      command('tunnel transmit bytes', ['cat', `/sys/class/net/${target.iface}/statistics/tx_bytes`]),
      command('carrier link speed (Mbit/s)', ['cat', `/sys/class/net/${target.carrier}/speed`]),
    ],
  },
  {
    id: 'capture',
    number: 4,
    title: 'Capture control and data channels',
    guideCommand: 'tcpdump -i eth0 port 1723 or proto 47 -vv',
    purpose: 'Record PPTP control (TCP 1723) and GRE data (protocol 47) on the carrier and decode them.',
    commands: ({ target, capturePath }) => [
      command(
        'passive capture of control and data channels',
        [
          'tcpdump',
          '-i',
          target.carrier,
          '-n',
          '-s',
          '0',
          '-U',
          '-w',
          capturePath ?? 'captures/pptp.pcap',
          'tcp port 1723 or ip proto 47',
        ],
        true,
      ),
    ],
  },
  {
    id: 'logs',
    number: 5,
    title: 'Audit compression and encryption from logs',
    guideCommand: 'journalctl -u pptpd',
    purpose: 'Find the MPPE negotiation, LCP timeouts, CHAP results and connect/terminate lines.',
    commands: () => [
      command('pptpd journal', ['journalctl', '-u', 'pptpd', '--no-pager', '-o', 'short-iso-precise'], true),
      command('ppp lines of syslog', ['grep', '-i', 'ppp', '/var/log/syslog'], true),
      command('ppp lines of messages', ['grep', '-i', 'ppp', '/var/log/messages'], true),
      command('pppd error log, if configured', ['cat', '/var/log/ppp-errors.log'], true),
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
        command('latency, jitter and loss with large packets', [
          'ping',
          '-n',
          '-i',
          '0.2',
          '-s',
          '1400',
          '-c',
          String(count),
          target.remoteIp,
        ]),
        command('path-MTU probe, do not fragment (payload size is bisected)', [
          'ping',
          '-n',
          '-M',
          'do',
          '-s',
          String(FIRST_PMTU_PROBE_PAYLOAD),
          '-c',
          '3',
          '-W',
          '1',
          target.remoteIp,
        ]),
      ];
    },
  },
];

export function stepDefinition(id: StepId): StepDefinition {
  const found = STEPS.find((s) => s.id === id);
  if (!found) throw new Error(`unknown step ${id}`);
  return found;
}
