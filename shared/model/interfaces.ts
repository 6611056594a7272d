export interface InterfaceAddress {
  family: 'inet' | 'inet6';
  local: string;
  /** The far end of a point-to-point link (ppp peer), when the kernel reports one. */
  peer: string | null;
  prefixlen: number;
  /** A "dynamic" address came from DHCP/SLAAC: a lease renewal can collapse the tunnel. */
  dynamic: boolean;
  /** Seconds, or null for "forever". */
  validLifetime: number | null;
  preferredLifetime: number | null;
}

export interface InterfaceInfo {
  name: string;
  ifindex: number;
  flags: string[];
  mtu: number;
  operState: string;
  linkType: string;
  txqueuelen: number | null;
  addresses: InterfaceAddress[];
  /** True for ppp[0-9]+: listed first everywhere. */
  isTunnel: boolean;
  /** The parent/link device when the kernel names one (veth peer, vlan parent). */
  link: string | null;
}
