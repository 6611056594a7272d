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
  /** iproute2's link_type: "ppp" for a real PPP link, "ether" for a veth/ethernet, "none"... */
  linkType: string;
  /**
   * linkinfo.info_kind of `ip -d`: "ppp", "veth", "bridge", "vlan"...; null when the listing
   * does not say (no -d, or a plain device). A veth named ppp0 has linkType ether, kind veth.
   */
  kind?: string | null;
  txqueuelen: number | null;
  addresses: InterfaceAddress[];
  /** True for ppp[0-9]+: listed first everywhere. */
  isTunnel: boolean;
  /** The parent/link device when the kernel names one (veth peer, vlan parent). */
  link: string | null;
}
