import { z } from 'zod';

/**
 * Linux accepts up to 15 bytes for an interface name. We accept a conservative subset so a
 * name can be used in a sysfs path or an argv without quoting; "." and ".." are refused
 * because /sys/class/net/.. would leave the directory.
 */
export const IFACE_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,15}$/;

export function ifaceNameProblem(name: string): string | null {
  if (!IFACE_NAME_PATTERN.test(name)) {
    return `invalid interface name ${JSON.stringify(name.slice(0, 40))}: expected 1-15 characters of A-Z a-z 0-9 _ . : -`;
  }
  if (name === '.' || name === '..') return `invalid interface name ${JSON.stringify(name)}`;
  return null;
}

export function isValidIfaceName(name: string): boolean {
  return ifaceNameProblem(name) === null;
}

export const ifaceNameSchema = z.string().refine(isValidIfaceName, {
  message: 'invalid interface name: expected 1-15 characters of A-Z a-z 0-9 _ . : -',
});

/** Tunnel interfaces of pppd: ppp0, ppp1, ... */
export const PPP_NAME = /^ppp[0-9]+$/;
