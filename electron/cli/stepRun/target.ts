import { auditTargetSchema, type AuditTarget } from '../../../shared/model/audit';
import { UsageError } from '../errors';

/**
 * The target of a per-step command that does not measure one (modules, logs, hardening read
 * the host, not a tunnel): these values never reach a command of those steps.
 */
export const PLACEHOLDER_TARGET: AuditTarget = { iface: 'ppp0', carrier: 'eth0', remoteIp: '127.0.0.1' };

/** A target from the options given, validated like an audit's: a bad value is one line, exit 2. */
export function targetFor(given: { remote?: string | undefined; iface?: string | undefined }): AuditTarget {
  const parsed = auditTargetSchema.safeParse({
    ...PLACEHOLDER_TARGET,
    ...(given.remote !== undefined ? { remoteIp: given.remote } : {}),
    ...(given.iface !== undefined ? { iface: given.iface } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = issue?.path[0] === 'remoteIp' ? 'HOST' : '--iface';
    throw new UsageError(`${what} ${JSON.stringify(String(given[what === 'HOST' ? 'remote' : 'iface'] ?? '').slice(0, 40))}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export { addTargetOptions, type TargetCliOptions } from './targetOptions';
