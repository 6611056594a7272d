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
    linkinfo: z.object({ info_kind: z.string().optional() }).loose().optional(),
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
      kind: link.linkinfo?.info_kind ?? null,
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

// `ip addr show` text: "3: ppp0: <FLAGS> mtu 1496 qdisc ... state UNKNOWN ... qlen 3",
// "    link/ppp", with -d a kind line ("    veth ..."), then "inet A [peer P]/N ..." lines.
const LINK_HEADER = /^(\d+): ([^:@\s]+)(?:@(\S+?))?: <([^>]*)> (.*)$/;
const LINK_LAYER = /^\s+link\/(\S+)/;
const ADDRESS = /^\s+(inet6?) (\S+?)(?:\/(\d+))?(?: peer (\S+?)(?:\/(\d+))?)? (.*)$/;
const LIFETIMES = /^\s+valid_lft (\S+) preferred_lft (\S+)/;
/** Words that start the `ip -d` detail line of a virtual device and name its kind. */
const KIND_LINE = /^\s+(veth|ppp|bridge|vlan|bond|dummy|tun|gre|gretap|ipip|sit|vxlan|wireguard|macvlan|ipvlan|vrf|team|geneve|ip6tnl|ip6gre|xfrm|nlmon|ifb|can|vcan)\b/;

function secondsOf(text: string): number | null {
  const m = /^(\d+)sec$/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Parses `ip addr show` / `ip -d addr show` text into the same model as the JSON form. The
 * text carries no kind without -d: `kind` is then null (unknown), never guessed from the name.
 */
export function parseIpAddrText(text: string): InterfaceInfo[] {
  const result: InterfaceInfo[] = [];
  let current: InterfaceInfo | null = null;
  let lastAddress: InterfaceAddress | null = null;
  for (const raw of text.split(/\r?\n/)) {
    let m: RegExpExecArray | null;
    if ((m = LINK_HEADER.exec(raw))) {
      const rest = m[5] as string;
      const parent = m[3] ?? null;
      current = {
        name: m[2] as string,
        ifindex: Number(m[1]),
        flags: (m[4] as string).split(',').filter(Boolean),
        mtu: Number(/\bmtu (\d+)/.exec(rest)?.[1] ?? 0),
        operState: /\bstate (\S+)/.exec(rest)?.[1] ?? 'UNKNOWN',
        linkType: 'none',
        kind: null,
        txqueuelen: /\bqlen (\d+)/.test(rest) ? Number(/\bqlen (\d+)/.exec(rest)?.[1]) : null,
        addresses: [],
        isTunnel: PPP_NAME.test(m[2] as string),
        // "ppp0@if2": the peer is in another namespace (only its index is known).
        link: parent === null || /^if\d+$/.test(parent) || parent === 'NONE' ? null : parent,
      };
      lastAddress = null;
      result.push(current);
      continue;
    }
    if (current === null) continue;
    if ((m = LINK_LAYER.exec(raw))) {
      current.linkType = m[1] as string;
    } else if ((m = ADDRESS.exec(raw))) {
      const family = m[1] as 'inet' | 'inet6';
      const peerPrefix = m[5];
      lastAddress = {
        family,
        local: m[2] as string,
        peer: m[4] ?? null,
        prefixlen: Number(m[3] ?? peerPrefix ?? (family === 'inet' ? 32 : 128)),
        dynamic: /\bdynamic\b/.test(m[6] as string),
        validLifetime: null,
        preferredLifetime: null,
      };
      current.addresses.push(lastAddress);
    } else if ((m = LIFETIMES.exec(raw)) && lastAddress) {
      lastAddress.validLifetime = secondsOf(m[1] as string);
      lastAddress.preferredLifetime = secondsOf(m[2] as string);
    } else if ((m = KIND_LINE.exec(raw)) && current.kind === null && current.addresses.length === 0) {
      current.kind = m[1] as string;
    }
  }
  return sortTunnelsFirst(result);
}

/**
 * Is this interface a PPP link by what the kernel says (link type ppp, or kind ppp)? A name
 * alone (a veth called ppp0: link type ether, kind veth) is not evidence.
 */
export function isPppLink(iface: InterfaceInfo): boolean {
  return iface.linkType === 'ppp' || iface.kind === 'ppp';
}
