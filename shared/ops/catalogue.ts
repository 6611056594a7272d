import { z } from 'zod';
import { ifaceNameSchema } from '../model/ifaceName';

/**
 * The enumerated set of privileged operations. This is the ONLY vocabulary the sudo-helper
 * understands: a request names one operation and carries arguments that are validated by the
 * schema below (inside the helper itself, never trusted from the caller). Every argv is built
 * from these validated values by electron/ops/argv.ts; no shell is ever involved.
 *
 * Everything with a path is a closed list of fixed paths: no request can name an arbitrary file
 * except the capture directory, which is checked again on disk by the executor.
 */

// ---- shared argument pieces -------------------------------------------------------------

/** An IPv4 or IPv6 literal (no zone id, no host name): nothing a resolver or a shell could expand. */
export const ipLiteralSchema = z.union([z.ipv4(), z.ipv6()], {
  error: 'expected an IPv4 or IPv6 address literal',
});

/**
 * An interface name as an argv element: the shared name rules, and never a leading "-" so it
 * can not be read as an option by a tool that does not take it as an option argument.
 */
export const argIfaceSchema = ifaceNameSchema.refine((n) => !n.startsWith('-'), {
  message: 'invalid interface name: must not start with "-"',
});

export function isIpv6Literal(address: string): boolean {
  return address.includes(':');
}

/** sysctl keys the audit needs; each maps to /proc/sys/<key with dots as slashes>. */
export const SYSCTL_KEYS = [
  'net.netfilter.nf_conntrack_helper',
  'net.netfilter.nf_conntrack_max',
  'net.netfilter.nf_conntrack_count',
  'net.ipv4.ip_forward',
  'net.ipv4.ip_no_pmtu_disc',
  'net.ipv4.tcp_mtu_probing',
  'net.ipv4.tcp_congestion_control',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.rp_filter',
  'net.ipv4.conf.all.accept_redirects',
  'net.ipv4.conf.all.send_redirects',
  'net.ipv6.conf.all.forwarding',
  'net.core.default_qdisc',
  'net.core.rmem_max',
  'net.core.wmem_max',
] as const;
export type SysctlKey = (typeof SYSCTL_KEYS)[number];

/** System logs that may hold pptpd/pppd lines (Debian, RHEL, and pppd's own `logfile`). */
export const LOG_FILES = [
  '/var/log/syslog',
  '/var/log/messages',
  '/var/log/daemon.log',
  '/var/log/ppp-errors.log',
  '/var/log/ppp.log',
  '/var/log/pppd.log',
  '/var/log/pptpd.log',
  '/var/log/ppp-connect-errors',
] as const;
export type LogFile = (typeof LOG_FILES)[number];

/** pppd/pptpd configuration files read by `ppp.options` (fixed paths only). */
export const PPP_OPTION_FILES = [
  '/etc/ppp/options.pptpd',
  '/etc/ppp/pptpd-options',
  '/etc/pptpd.conf',
  '/etc/ppp/options',
] as const;
export type PppOptionFile = (typeof PPP_OPTION_FILES)[number];

export const CHAP_SECRETS_PATH = '/etc/ppp/chap-secrets';

export const JOURNAL_UNITS = ['pptpd'] as const;
export const JOURNAL_IDENTIFIERS = ['pppd', 'pptpd', 'pptp'] as const;

/**
 * The capture filter is fixed: PPTP control (TCP 1723) and GRE (IP protocol 47). The auditor
 * never types a filter, so nothing else can be captured and no filter string can inject.
 */
export const CAPTURE_FILTER = 'tcp port 1723 or ip proto 47';
export const CAPTURE_MAX_BYTES = 2 * 1024 * 1024 * 1024;
export const CAPTURE_MIN_BYTES = 64 * 1024;

/**
 * The audit folder a capture is written to: absolute, plain characters, no "." or ".."
 * segment, no doubled slash. The executor checks again on disk (directory, not a symlink,
 * owned by the auditor or root).
 */
const DIR_SEGMENT = '[A-Za-z0-9_@+,=-][A-Za-z0-9_.@+,= -]{0,254}';
export const CAPTURE_DIR_PATTERN = new RegExp(`^/(?:${DIR_SEGMENT}/?)+$`);
/**
 * The same folder on a Windows laptop auditing a gateway over SSH: the capture streams over the
 * connection into a `C:\…` folder there. Only the remote runner can use it: the local executors (Linux)
 * refuse any folder that does not start with "/" before touching the disk.
 */
export const WINDOWS_CAPTURE_DIR_PATTERN = new RegExp(`^[A-Za-z]:\\\\(?:${DIR_SEGMENT}\\\\?)+$`);
const hasDotSegment = (p: string, separator: string) => p.split(separator).some((s) => s === '.' || s === '..');
export const captureDirSchema = z
  .string()
  .max(1024, 'capture directory path too long (max 1024 characters)')
  .refine((p) => (CAPTURE_DIR_PATTERN.test(p) && !hasDotSegment(p, '/')) || (WINDOWS_CAPTURE_DIR_PATTERN.test(p) && !hasDotSegment(p, '\\')), {
    message:
      'invalid capture directory: expected an absolute path of A-Z a-z 0-9 _ . @ + , = - and space, without "." or ".." segments',
  });

const positiveInt = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be an integer`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const boundedNumber = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .refine(Number.isFinite, `${name} must be finite`);

/** Opaque id handed out by capture.start: hex only so it never becomes a path or an option. */
export const captureIdSchema = z.string().regex(/^[0-9a-f]{16,64}$/, 'invalid capture id');

// ---- one schema per operation -----------------------------------------------------------

const op = <N extends string, S extends z.ZodRawShape>(name: N, shape: S) =>
  z.object({ op: z.literal(name), ...shape }).strict();

export const ipAddrRequest = op('ip.addr', {});
export const ipRouteGetRequest = op('ip.route.get', { address: ipLiteralSchema });
export const ipLinkStatsRequest = op('ip.link.stats', { iface: argIfaceSchema.optional() });

export const modulesListRequest = op('modules.list', {});
export const modulesBuiltinRequest = op('modules.builtin', {});
export const kernelConfigRequest = op('kernel.config', {});
export const sysctlReadRequest = op('sysctl.read', {
  key: z.enum(SYSCTL_KEYS, { error: 'unknown sysctl key (only the audit set may be read)' }),
});

export const captureStartRequest = op('capture.start', {
  iface: argIfaceSchema,
  durationS: positiveInt('durationS', 1, 3600),
  maxBytes: positiveInt('maxBytes', CAPTURE_MIN_BYTES, CAPTURE_MAX_BYTES),
  dir: captureDirSchema,
});
export const captureStopRequest = op('capture.stop', { captureId: captureIdSchema });

export const logsJournalRequest = op('logs.journal', {
  unit: z.enum(JOURNAL_UNITS, { error: 'unknown unit (allowed: pptpd)' }).optional(),
  identifier: z
    .enum(JOURNAL_IDENTIFIERS, { error: 'unknown identifier (allowed: pppd, pptpd, pptp)' })
    .optional(),
  lines: positiveInt('lines', 1, 100_000).optional(),
  /** ISO-8601 UTC instant; passed to journalctl --since as "YYYY-MM-DD HH:MM:SS UTC". */
  since: z.iso.datetime({ error: 'since must be an ISO-8601 UTC timestamp' }).optional(),
}).refine((r) => (r.unit === undefined) !== (r.identifier === undefined), {
  message: 'logs.journal needs exactly one of unit or identifier',
});
export const logsFileRequest = op('logs.file', {
  path: z.enum(LOG_FILES, { error: `path must be one of ${LOG_FILES.join(', ')}` }),
  maxBytes: positiveInt('maxBytes', 1024, 64 * 1024 * 1024).optional(),
});

export const pingRunRequest = op('ping.run', {
  target: ipLiteralSchema,
  count: positiveInt('count', 1, 10_000),
  intervalS: boundedNumber('intervalS', 0.2, 60),
  size: positiveInt('size', 0, 65_507),
  dontFragment: z.boolean({ error: 'dontFragment must be true or false' }),
  deadlineS: positiveInt('deadlineS', 1, 36_000),
  /** Bind to this interface (-I), e.g. a ppp tunnel for an in-tunnel MTU probe. */
  iface: argIfaceSchema.optional(),
});

export const firewallIptablesRequest = op('firewall.iptables', {
  family: z.enum(['ipv4', 'ipv6'], { error: 'family must be ipv4 or ipv6' }).optional(),
});
/**
 * The x_tables rules loaded with iptables-legacy: the kernel applies them beside nf_tables, yet
 * the default iptables-save (the nft variant) only warns about them on stderr.
 */
export const firewallIptablesLegacyRequest = op('firewall.iptablesLegacy', {
  family: z.enum(['ipv4', 'ipv6'], { error: 'family must be ipv4 or ipv6' }).optional(),
});
export const firewallNftRequest = op('firewall.nft', {
  json: z.boolean({ error: 'json must be true or false' }).optional(),
});

export const pppChapSecretsRequest = op('ppp.chapSecrets', {});
export const pppOptionsRequest = op('ppp.options', {
  path: z.enum(PPP_OPTION_FILES, { error: `path must be one of ${PPP_OPTION_FILES.join(', ')}` }),
});

export const sensorsReadRequest = op('sensors.read', {});

/** Process names only (`comm`): a command line could carry a pppd `password` argument. */
export const processesListRequest = op('processes.list', {});
/** TCP sockets in LISTEN state with their owning process (root sees every owner). */
export const socketsListeningRequest = op('sockets.listening', {});

export const opRequestSchema = z.discriminatedUnion('op', [
  ipAddrRequest,
  ipRouteGetRequest,
  ipLinkStatsRequest,
  modulesListRequest,
  modulesBuiltinRequest,
  kernelConfigRequest,
  sysctlReadRequest,
  captureStartRequest,
  captureStopRequest,
  logsJournalRequest,
  logsFileRequest,
  pingRunRequest,
  firewallIptablesRequest,
  firewallIptablesLegacyRequest,
  firewallNftRequest,
  pppChapSecretsRequest,
  pppOptionsRequest,
  sensorsReadRequest,
  processesListRequest,
  socketsListeningRequest,
]);

export type OpRequest = z.infer<typeof opRequestSchema>;
export type OpName = OpRequest['op'];
export type OpRequestOf<N extends OpName> = Extract<OpRequest, { op: N }>;

export const OP_NAMES = opRequestSchema.options.map((o) => o.shape.op.value) as readonly OpName[];

// ---- the result -----------------------------------------------------------------------------

export const opResultSchema = z.object({
  op: z.string(),
  /** The command as executed (tool name first), or ['read', path] for a file read. */
  argv: z.array(z.string()),
  /** ISO-8601 UTC. */
  startedAt: z.string(),
  endedAt: z.string(),
  /** null while still running (capture.start) or when killed by a signal. */
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  /** SHA-256 (hex) of stdout as returned; for a capture, of the pcap file. */
  outputSha256: z.string(),
  /** stdout was cut at the operation's size cap (or the file was tailed). */
  truncated: z.boolean(),
  /** Bulk outputs (pcaps) handed over by path. */
  files: z.array(z.string()).optional(),
  /** Set when the operation could not do its job: a clear one-line message. */
  error: z.string().optional(),
  /** capture.start hands out the id that capture.stop takes. */
  captureId: z.string().optional(),
  /** Absolute path of the executable actually run (argv[0] is the short name). */
  executable: z.string().optional(),
});
export type OpResult = z.infer<typeof opResultSchema>;

/** A line of live output (ping) streamed while the operation runs. */
export interface OpLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

/** First zod issue as one readable line, with its path: "count: count must be at most 10000". */
export function describeRequestProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  if (issue.code === 'invalid_union' && issue.path.join('.') === 'op') {
    return `unknown operation (allowed: ${OP_NAMES.join(', ')})`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `unexpected argument(s): ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`;
  }
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** Validate untrusted input as an operation request. */
export function parseOpRequest(input: unknown): { ok: true; request: OpRequest } | { ok: false; error: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'request must be an object { op, ...arguments }' };
  }
  const parsed = opRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: describeRequestProblem(parsed.error) };
  return { ok: true, request: parsed.data };
}
