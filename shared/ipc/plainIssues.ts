/**
 * The one place where a schema's complaint becomes a sentence an auditor understands, next to
 * the field it is about. Zod speaks to developers ("identity.site: Too small: expected string to
 * have >=1 characters"); the form, the step controls and the backend's refusal all speak this.
 */

/** What a schema issue carries that matters here (structurally a zod 4 issue). */
export interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  minimum?: number | bigint;
  inclusive?: boolean;
  maximum?: number | bigint;
  origin?: string;
  expected?: string;
}

/** A field's label as the form shows it, and what a good value looks like. */
interface FieldWords {
  label: string;
  /** Said when the value has the wrong shape (a refine failed, a pattern did not match). */
  shape?: string;
  /** The unit of a numeric field, after its bound ("at least 5 seconds"). */
  unit?: string;
}

const FIELDS: Record<string, FieldWords> = {
  'identity.site': { label: 'Site' },
  'identity.asset': { label: 'Asset' },
  'identity.auditor': { label: 'Auditor' },
  'target.iface': { label: 'Tunnel interface', shape: 'an interface name of 1 to 15 letters, digits, _ . : or - (for example ppp0), not starting with -' },
  'target.carrier': { label: 'Carrier interface', shape: 'an interface name of 1 to 15 letters, digits, _ . : or - (for example eth0), not starting with -' },
  'target.remoteIp': { label: 'Remote tunnel address', shape: 'an IPv4 address such as 192.168.77.2, or an IPv6 address' },
  linkSpeedMbps: { label: 'Link capacity', shape: 'a number of Mbit/s greater than 0', unit: ' Mbit/s' },
  durationS: { label: 'Window', shape: 'a whole number of seconds', unit: ' seconds' },
  pingCount: { label: 'Echo requests', shape: 'a whole number of echo requests' },
  reason: { label: 'Reason' },
  text: { label: 'Note' },
  signedBy: { label: 'Signed by' },
  prometheus: { label: 'Prometheus URL', shape: 'an http:// or https:// URL such as https://prom.example:9090/' },
  instance: { label: 'Instance' },
  device: { label: 'Device', shape: 'an interface name of 1 to 15 letters, digits, _ . : or - (for example ppp0)' },
  range: { label: 'Range', shape: 'a duration such as 30d, 12h or 1h30m, of at least two steps and at most 5,000,000' },
  step: { label: 'Step', shape: 'a duration of at least 1s such as 60s or 15s' },
  bearerTokenFile: { label: 'Bearer token file', shape: 'an absolute path on the machine running the auditor, such as /etc/prometheus/token' },
  // target.connect / target.saveProfile / audit.start.gateway (issue 12)
  gateway: { label: 'Gateway' },
  identityFile: { label: 'Private key file' },
  knownHostsFile: { label: 'known_hosts file' },
  trustFingerprint: { label: 'Fingerprint to trust', shape: 'a SHA256:… fingerprint as ssh-keygen -lf prints it' },
  name: { label: 'Profile name' },
};

/**
 * Fields checked by sshTargetTextSchema, whose refinement (the ssh:// parser) already words the
 * whole sentence after the word "target" (`target "ssh://x": port must be 1 to 65535`): that word
 * becomes the field's label instead of the label being said before it. Only when the value is a
 * text (audit.start's `target` is an object, whose issues keep the generic wording).
 */
const SSH_TARGET_FIELDS: Record<string, string> = { target: 'SSH target', gateway: 'Gateway' };
const SSH_PARSER_LABEL = 'target ';

export interface FieldMessage {
  /** The field's path in the request ("identity.site"); '' for the request as a whole. */
  field: string;
  /** One plain sentence, starting with the field's label. */
  message: string;
}

const num = (v: number | bigint | undefined) => (v === undefined ? '?' : String(v));

/** The value at an issue's path in what was submitted, when it is there to look at. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One sentence for one issue; with the submitted input, an empty field is called missing whatever its rule. */
export function plainIssue(issue: SchemaIssue, input?: unknown): FieldMessage {
  const field = issue.path.map(String).join('.');
  const words = FIELDS[field];
  const value = valueAt(input, issue.path);
  const sshLabel = typeof value === 'string' ? SSH_TARGET_FIELDS[field] : undefined;
  const label = sshLabel ?? words?.label ?? (field === '' ? 'The request' : field);
  const unit = issue.origin === 'string' ? ' characters' : (words?.unit ?? '');
  if (typeof value === 'string' && value.trim() === '') return { field, message: `${label} is required.` };
  let message: string;
  switch (issue.code) {
    case 'too_small':
      message =
        issue.origin === 'string' && Number(issue.minimum) === 1
          ? `${label} is required.`
          : issue.inclusive === false
            ? `${label} must be greater than ${num(issue.minimum)}${unit}.`
            : `${label} must be at least ${num(issue.minimum)}${unit}.`;
      break;
    case 'too_big':
      message = `${label} must be at most ${num(issue.maximum)}${unit}.`;
      break;
    case 'invalid_type':
      message =
        issue.expected === 'int' && words?.shape
          ? `${label} must be ${words.shape}.`
          : issue.expected === 'number'
          ? `${label} must be a number.`
          : issue.expected === 'string'
            ? `${label} is required.`
            : `${label} is missing or of the wrong kind.`;
      break;
    case 'unrecognized_keys':
      message = `The request has fields this version does not know.`;
      break;
    default:
      if (issue.code === 'custom' && sshLabel && issue.message.startsWith(SSH_PARSER_LABEL)) {
        message = `${sshLabel} ${issue.message.slice(SSH_PARSER_LABEL.length)}.`;
        break;
      }
      message = words?.shape ? `${label} must be ${words.shape}.` : `${label}: ${issue.message}.`;
  }
  return { field, message };
}

/** The first sentence per field, in the order the schema reported them. */
export function plainIssues(issues: readonly SchemaIssue[], input?: unknown): FieldMessage[] {
  const seen = new Set<string>();
  const out: FieldMessage[] = [];
  for (const issue of issues) {
    const plain = plainIssue(issue, input);
    if (seen.has(plain.field)) continue;
    seen.add(plain.field);
    out.push(plain);
  }
  return out;
}

/** The field → sentence map a form shows beside its fields. */
export function fieldMessages(issues: readonly SchemaIssue[], input?: unknown): Record<string, string> {
  return Object.fromEntries(plainIssues(issues, input).map((m) => [m.field, m.message]));
}

/** All sentences on one line (a refusal that reaches no form: the CLI, the banner of last resort). */
export function plainSummary(issues: readonly SchemaIssue[], input?: unknown): string {
  return plainIssues(issues, input)
    .map((m) => m.message)
    .join(' ');
}
