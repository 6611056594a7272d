import { z } from 'zod';
import { ifaceNameSchema } from './ifaceName';
import { ipLiteralSchema } from '../ops/catalogue';

/** Dotted quad, each octet 0-255, no leading zeros (which some tools read as octal). */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** RFC 4291 text form (no zone index: a remote tunnel peer never needs one). */
export function isIpv6(text: string): boolean {
  if (text.length < 2 || text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return false;
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    // An embedded IPv4 tail stands for two 16-bit groups.
    if (!isIpv4(text.slice(lastColon + 1))) return false;
    hex = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const isGroup = (g: string) => /^[0-9A-Fa-f]{1,4}$/.test(g);
  const halves = hex.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 1) {
    const groups = hex.split(':');
    return groups.length === 8 && groups.every(isGroup);
  }
  const split = (s: string) => (s === '' ? [] : s.split(':'));
  const head = split(halves[0] ?? '');
  const tail = split(halves[1] ?? '');
  return head.every(isGroup) && tail.every(isGroup) && head.length + tail.length < 8;
}

export function isIpAddress(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

/** Also accepted by the operation catalogue, so every command derived from it can be planned. */
export const ipAddressSchema = z
  .string()
  .max(45)
  .refine((text) => isIpAddress(text) && ipLiteralSchema.safeParse(text).success, { message: 'not an IPv4 or IPv6 address' });

/** An interface name that can also stand in an argv: never starting with "-" (an option). */
const argIfaceName = ifaceNameSchema.refine((n) => !n.startsWith('-'), { message: 'interface name must not start with "-"' });

/**
 * What an audit points at. Every command the checklist shows is derived from these three
 * values, so they are validated once here and can then be placed in an argv without quoting.
 */
export const auditTargetSchema = z
  .object({
    /** The tunnel interface, e.g. ppp0. */
    iface: argIfaceName,
    /** The physical interface that carries the tunnel (where tcpdump listens), e.g. eth0. */
    carrier: argIfaceName,
    /** The internal address of the far end of the tunnel (what step 6 pings). */
    remoteIp: ipAddressSchema,
  })
  .strict();

export type AuditTarget = z.infer<typeof auditTargetSchema>;

/** Who and what the audit is about: printed on the report cover and kept in the bundle. */
export const auditIdentitySchema = z
  .object({
    site: z.string().min(1).max(200),
    asset: z.string().max(200).default(''),
    auditor: z.string().max(200).default(''),
  })
  .strict();

export type AuditIdentity = z.infer<typeof auditIdentitySchema>;
