import {
  CAPTURE_FILTER,
  CHAP_SECRETS_PATH,
  isIpv6Literal,
  type OpRequest,
} from './catalogue';

/**
 * From a VALIDATED request to exactly what will run: an argv (tool name first, every other
 * element a validated value or a constant) or a fixed file to read. Pure, so the UI can show
 * "the exact command" before the auditor presses run and tests can pin every argv.
 */

/** Tools the helper may execute, with the Debian package that provides each. */
export const TOOL_PACKAGES = {
  ip: 'iproute2',
  tcpdump: 'tcpdump',
  journalctl: 'systemd',
  ping: 'iputils-ping',
  'iptables-save': 'iptables',
  'ip6tables-save': 'iptables',
  'iptables-legacy-save': 'iptables',
  'ip6tables-legacy-save': 'iptables',
  nft: 'nftables',
  sensors: 'lm-sensors',
  timeout: 'coreutils',
  ss: 'iproute2',
  ps: 'procps',
} as const;
export type ToolName = keyof typeof TOOL_PACKAGES;

export function missingToolMessage(tool: ToolName): string {
  return `${tool} is not installed (apt install ${TOOL_PACKAGES[tool]})`;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Seconds past a capture's duration after which timeout(1) ends tcpdump on its own. */
export const CAPTURE_BACKSTOP_S = 10;
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
export const DEFAULT_JOURNAL_LINES = 5000;
export const DEFAULT_LOG_TAIL_BYTES = 4 * 1024 * 1024;
/**
 * How long ping waits for the last replies. With -c and without -w, ping sends exactly the
 * requested count and then waits this long: it never sends more than asked (-w would keep
 * sending until `count` replies arrived, doubling the echoes on a lossy link).
 */
export const PING_REPLY_WAIT_S = 2;

export interface ExecPlan {
  kind: 'exec';
  tool: ToolName;
  /** argv[0] is the tool's short name; the executor resolves it in fixed system directories. */
  argv: string[];
  timeoutMs: number;
  maxOutputBytes: number;
  /** Forward stdout/stderr line by line while running. */
  streamLines: boolean;
}

export interface ReadPlan {
  kind: 'read';
  /** Fixed paths; the first that exists is read. */
  candidates: string[];
  maxBytes: number;
  /** Keep the END of a file bigger than maxBytes (logs), else keep the start. */
  tail: boolean;
  /** Decompress *.gz candidates (/proc/config.gz). */
  gunzip: boolean;
  /** Replace values of pppd `password` options (a secret, like chap-secrets). */
  redactPppPasswords: boolean;
}

export interface ChapSecretsPlan {
  kind: 'chapSecrets';
  path: string;
}

export interface CaptureStartPlan {
  kind: 'captureStart';
  tool: 'tcpdump';
  /** timeout(1) wrapping tcpdump: the helper stops it earlier, this bounds it if the helper dies. */
  argv: string[];
  iface: string;
  durationMs: number;
  maxBytes: number;
  dir: string;
}

export interface CaptureStopPlan {
  kind: 'captureStop';
  captureId: string;
}

export type OpPlan = ExecPlan | ReadPlan | ChapSecretsPlan | CaptureStartPlan | CaptureStopPlan;

export interface PlanContext {
  /** `uname -r` of the running kernel (os.release()). */
  kernelRelease: string;
}

const KERNEL_RELEASE = /^[A-Za-z0-9._+~-]{1,128}$/;

/** "0.2" not "2e-1"; three decimals are plenty for an interval. */
export function formatSeconds(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** journalctl --since takes "YYYY-MM-DD HH:MM:SS UTC". */
export function journalSince(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error('since must be an ISO-8601 UTC timestamp');
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const exec = (
  tool: ToolName,
  args: string[],
  extra: Partial<Omit<ExecPlan, 'kind' | 'tool' | 'argv'>> = {},
): ExecPlan => ({
  kind: 'exec',
  tool,
  argv: [tool, ...args],
  timeoutMs: extra.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  maxOutputBytes: extra.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  streamLines: extra.streamLines ?? false,
});

const read = (candidates: string[], extra: Partial<Omit<ReadPlan, 'kind' | 'candidates'>> = {}): ReadPlan => ({
  kind: 'read',
  candidates,
  maxBytes: extra.maxBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  tail: extra.tail ?? false,
  gunzip: extra.gunzip ?? false,
  redactPppPasswords: extra.redactPppPasswords ?? false,
});

export function planOperation(request: OpRequest, context: PlanContext): OpPlan {
  switch (request.op) {
    case 'ip.addr':
      return exec('ip', ['-j', '-d', 'addr', 'show']);
    case 'ip.route.get':
      return exec('ip', ['-j', 'route', 'get', request.address]);
    case 'ip.link.stats':
      return exec('ip', ['-j', '-s', '-d', 'link', 'show', ...(request.iface ? ['dev', request.iface] : [])]);
    case 'modules.list':
      return read(['/proc/modules'], { maxBytes: 4 * 1024 * 1024 });
    case 'modules.builtin':
      return read([`/lib/modules/${checkedRelease(context.kernelRelease)}/modules.builtin`], {
        maxBytes: 4 * 1024 * 1024,
      });
    case 'kernel.config':
      return read(['/proc/config.gz', `/boot/config-${checkedRelease(context.kernelRelease)}`], {
        maxBytes: 8 * 1024 * 1024,
        gunzip: true,
      });
    case 'sysctl.read':
      return read([`/proc/sys/${request.key.replaceAll('.', '/')}`], { maxBytes: 64 * 1024 });
    case 'capture.start':
      return {
        kind: 'captureStart',
        tool: 'tcpdump',
        // -w -: the helper writes the pcap itself (file created safely, size capped at a record
        // boundary, owned by the auditor); tcpdump drops root to its own user after opening
        // the interface, so it could not write into the auditor's folder anyway.
        // --immediate-mode: packets reach the file at once, so a stop loses nothing buffered.
        // timeout(1) is the backstop: should the helper be killed, tcpdump still ends (SIGINT,
        // then SIGKILL 5 s later) shortly after the requested duration.
        argv: [
          'timeout',
          '-s',
          'INT',
          '-k',
          '5',
          String(request.durationS + CAPTURE_BACKSTOP_S),
          'tcpdump',
          '-i',
          request.iface,
          '--immediate-mode',
          '-U',
          '-n',
          '-s',
          '0',
          '-w',
          '-',
          CAPTURE_FILTER,
        ],
        iface: request.iface,
        durationMs: request.durationS * 1000,
        maxBytes: request.maxBytes,
        dir: request.dir,
      };
    case 'capture.stop':
      return { kind: 'captureStop', captureId: request.captureId };
    case 'logs.journal': {
      const selector = request.unit !== undefined ? ['-u', request.unit] : ['-t', request.identifier ?? 'pppd'];
      const since = request.since !== undefined ? ['--since', journalSince(request.since)] : [];
      return exec('journalctl', [
        ...selector,
        '-o',
        'json',
        '--no-pager',
        '-n',
        String(request.lines ?? DEFAULT_JOURNAL_LINES),
        ...since,
      ], { timeoutMs: 60_000, maxOutputBytes: 64 * 1024 * 1024 });
    }
    case 'logs.file':
      return read([request.path], { maxBytes: request.maxBytes ?? DEFAULT_LOG_TAIL_BYTES, tail: true });
    case 'ping.run': {
      const args = [
        ...(isIpv6Literal(request.target) ? ['-6'] : []),
        '-n',
        '-c',
        String(request.count),
        '-i',
        formatSeconds(request.intervalS),
        '-s',
        String(request.size),
        '-W',
        String(PING_REPLY_WAIT_S),
        ...(request.dontFragment ? ['-M', 'do'] : []),
        ...(request.iface !== undefined ? ['-I', request.iface] : []),
        request.target,
      ];
      return exec('ping', args, { timeoutMs: request.deadlineS * 1000 + 10_000, streamLines: true });
    }
    case 'firewall.iptables':
      return exec(request.family === 'ipv6' ? 'ip6tables-save' : 'iptables-save', []);
    case 'firewall.iptablesLegacy':
      return exec(request.family === 'ipv6' ? 'ip6tables-legacy-save' : 'iptables-legacy-save', []);
    case 'firewall.nft':
      return exec('nft', [...(request.json ? ['-j'] : []), 'list', 'ruleset']);
    case 'ppp.chapSecrets':
      return { kind: 'chapSecrets', path: CHAP_SECRETS_PATH };
    case 'ppp.options':
      return read([request.path], { maxBytes: 1024 * 1024, redactPppPasswords: true });
    case 'sensors.read':
      return exec('sensors', ['-j']);
    case 'processes.list':
      return exec('ps', ['-e', '-o', 'pid,ppid,comm']);
    case 'sockets.listening':
      return exec('ss', ['-l', '-t', '-n', '-p']);
  }
}

function checkedRelease(release: string): string {
  if (!KERNEL_RELEASE.test(release) || release === '.' || release === '..') {
    throw new Error(`unexpected kernel release ${JSON.stringify(release.slice(0, 40))}`);
  }
  return release;
}

/** The argv shown to the auditor and written to the evidence for a plan. */
export function planArgv(plan: OpPlan): string[] {
  switch (plan.kind) {
    case 'exec':
    case 'captureStart':
      return plan.argv;
    case 'read':
      return ['read', plan.candidates[0] ?? ''];
    case 'chapSecrets':
      return ['read', plan.path];
    case 'captureStop':
      return ['capture.stop', plan.captureId];
  }
}
