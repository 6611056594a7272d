import type { StepId } from './steps';

export const PREREQUISITE_IDS = [
  'privileges',
  'iproute2',
  'tcpdump',
  'ping',
  'journalctl',
  'ppp-modules',
  'sensors',
] as const;

export type PrerequisiteId = (typeof PREREQUISITE_IDS)[number];

export interface PrerequisiteDefinition {
  id: PrerequisiteId;
  title: string;
  /** The exact thing to type (Debian/Ubuntu), or what to do. */
  installHint: string;
  /** Steps that cannot run at all without it. */
  blocks: StepId[];
  /** Steps that run but see less without it. */
  degrades: StepId[];
  why: string;
}

export const PREREQUISITES: readonly PrerequisiteDefinition[] = [
  {
    id: 'privileges',
    title: 'root or the sudo helper',
    installHint: 'run `sudo -v`, then start the sudo helper (or run pptp-auditor as root)',
    blocks: ['capture'],
    degrades: ['logs'],
    why: 'packet capture needs CAP_NET_RAW; the pptpd journal and /var/log/syslog are readable only by root/adm',
  },
  {
    id: 'iproute2',
    title: 'iproute2 (`ip`)',
    installHint: 'apt install iproute2',
    blocks: ['identify-interfaces'],
    degrades: [],
    why: 'step 1 reads interfaces, flags, MTU and addresses through `ip -j -d addr show`',
  },
  {
    id: 'tcpdump',
    title: 'tcpdump',
    installHint: 'apt install tcpdump',
    blocks: ['capture'],
    degrades: [],
    why: 'step 4 records TCP 1723 and GRE with tcpdump',
  },
  {
    id: 'ping',
    title: 'ping (iputils)',
    installHint: 'apt install iputils-ping',
    blocks: ['latency'],
    degrades: [],
    why: 'step 6 measures RTT, jitter, loss and path MTU with ping',
  },
  {
    id: 'journalctl',
    title: 'journalctl (systemd)',
    installHint: 'apt install systemd',
    blocks: [],
    degrades: ['logs'],
    why: 'step 5 reads `journalctl -u pptpd`; without it only the syslog files are read',
  },
  {
    id: 'ppp-modules',
    title: 'ppp kernel modules (ppp_generic, ppp_mppe)',
    installHint: 'apt install ppp && modprobe -a ppp_generic ppp_mppe',
    blocks: ['throughput', 'latency'],
    degrades: [],
    why: 'without ppp_generic there is no ppp interface to measure or to ping across',
  },
  {
    id: 'sensors',
    title: 'sensors (lm-sensors), optional',
    installHint: 'apt install lm-sensors && sensors-detect --auto',
    blocks: [],
    degrades: [],
    why: 'the thermal-stress finding needs `sensors` readings of the gateway',
  },
];

/** true = present, false = missing, undefined = not probed yet (never treated as missing). */
export type PrerequisiteProbe = Partial<Record<PrerequisiteId, boolean>>;

export interface MissingPrerequisite {
  id: PrerequisiteId;
  title: string;
  installHint: string;
  blocks: StepId[];
  degrades: StepId[];
}

/**
 * What is missing, said for where the steps run: `gateway` is the ssh:// target of an audit that
 * runs on a gateway (null: this machine). There, the sudo helper and `sudo -v` on the laptop
 * would not help: privilege comes from the SSH account (root) or sudo's password on the gateway.
 */
export function missingPrerequisites(probe: PrerequisiteProbe, gateway: string | null = null): MissingPrerequisite[] {
  return PREREQUISITES.filter((p) => probe[p.id] === false).map((p) => ({
    id: p.id,
    ...(gateway !== null && p.id === 'privileges'
      ? { title: `root or sudo on the gateway (${gateway})`, installHint: "connect as root, or give sudo's password in the header" }
      : { title: p.title, installHint: p.installHint }),
    blocks: [...p.blocks],
    degrades: [...p.degrades],
  }));
}

/** The missing prerequisites that stop one step from running. */
export function blockersOf(step: StepId, probe: PrerequisiteProbe, gateway: string | null = null): MissingPrerequisite[] {
  return missingPrerequisites(probe, gateway).filter((m) => m.blocks.includes(step));
}

export function degradersOf(step: StepId, probe: PrerequisiteProbe, gateway: string | null = null): MissingPrerequisite[] {
  return missingPrerequisites(probe, gateway).filter((m) => m.degrades.includes(step));
}
