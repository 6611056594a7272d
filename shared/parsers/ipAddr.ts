import { z } from 'zod';
import type { InterfaceAddress, InterfaceInfo } from '../model/interfaces';
import { PPP_NAME } from '../model/ifaceName';

/** "forever" in iproute2's JSON is the 32-bit all-ones lifetime. */
const FOREVER = 4294967295;

const addrInfoSchema = z
  .object({
    family: z.string(),
    local: z.string().optional(),
    address: z.string().optional(),
    prefixlen: z.number().optional(),
    dynamic: z.boolean().optional(),
    valid_life_time: z.number().optional(),
    preferred_life_time: z.number().optional(),
  })
  .loose();

const linkSchema = z
  .object({
    ifindex: z.number(),
    ifname: z.string(),
    flags: z.array(z.string()).default([]),
    mtu: z.number().default(0),
    operstate: z.string().default('UNKNOWN'),
    link_type: z.string().default('none'),
    txqlen: z.number().optional(),
    link: z.string().nullable().optional(),
    addr_info: z.array(addrInfoSchema).default([]),
  })
  .loose();

function lifetime(value: number | undefined): number | null {
  return value === undefined || value >= FOREVER ? null : value;
}

/**
 * Parses `ip -j [-d] addr show`. Entries that do not look like links are skipped rather than
 * failing the whole list: one odd interface must not hide the tunnel.
 */
export function parseIpAddrJson(text: string): InterfaceInfo[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('ip -j addr show printed something that is not JSON');
  }
  if (!Array.isArray(raw)) throw new Error('ip -j addr show did not print a list');
  const result: InterfaceInfo[] = [];
  for (const entry of raw) {
    const parsed = linkSchema.safeParse(entry);
    if (!parsed.success) continue;
    const link = parsed.data;
    const addresses: InterfaceAddress[] = [];
    for (const a of link.addr_info) {
      if ((a.family !== 'inet' && a.family !== 'inet6') || a.local === undefined) continue;
      addresses.push({
        family: a.family,
        local: a.local,
        peer: a.address ?? null,
        prefixlen: a.prefixlen ?? (a.family === 'inet' ? 32 : 128),
        dynamic: a.dynamic === true,
        validLifetime: lifetime(a.valid_life_time),
        preferredLifetime: lifetime(a.preferred_life_time),
      });
    }
    result.push({
      name: link.ifname,
      ifindex: link.ifindex,
      flags: link.flags,
      mtu: link.mtu,
      operState: link.operstate,
      linkType: link.link_type,
      txqueuelen: link.txqlen ?? null,
      addresses,
      isTunnel: PPP_NAME.test(link.ifname),
      link: link.link ?? null,
    });
  }
  return sortTunnelsFirst(result);
}

/** ppp* first (by number), then the rest by ifindex: the auditor's target is on top. */
export function sortTunnelsFirst(list: InterfaceInfo[]): InterfaceInfo[] {
  const pppNumber = (name: string) => Number(name.slice(3));
  return [...list].sort((a, b) => {
    if (a.isTunnel !== b.isTunnel) return a.isTunnel ? -1 : 1;
    if (a.isTunnel) return pppNumber(a.name) - pppNumber(b.name);
    return a.ifindex - b.ifindex;
  });
}
