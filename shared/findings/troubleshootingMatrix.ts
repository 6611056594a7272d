/**
 * The troubleshooting matrix of the source guide (Section C, The Admin Desk, Optimisation &
 * Hardening) as data: error → check → fix. Rows the guide states are marked with where they
 * come from and quote it; rows we added so that every finding links somewhere are marked
 * `origin: 'product'`. The checks are shown to the auditor, never run by the matrix itself.
 */
export interface TroubleshootingRow {
  id: string;
  /** The symptom or error as the operator meets it. */
  error: string;
  /** What to look at (a command or a file). */
  check: string;
  /** How to fix it. */
  fix: string;
  origin: 'guide-matrix' | 'guide-admin-desk' | 'guide-hardening' | 'guide-fault-lines' | 'product';
  /** The guide's own words, when the row comes from it. */
  guideText?: string;
}

export const TROUBLESHOOTING_MATRIX = [
  {
    id: 'lcp-timeout',
    error: 'LCP: timeout sending Config-Requests',
    check: 'iptables -L -n -v  (look for ACCEPT rules for protocol 47 in INPUT and FORWARD)',
    fix: 'Allow GRE: iptables -A INPUT -p 47 -j ACCEPT (and -A FORWARD on a gateway); enable GRE/PPTP pass-through on NAT firewalls',
    origin: 'guide-matrix',
    guideText:
      'This indicates the GRE packets are being dropped by a firewall or ISP. Check the iptables rules using iptables -L -n -v and ensure ACCEPT rules exist for protocol 47.',
  },
  {
    id: 'mppe-required-failed',
    error: 'MPPE required but peer negotiation failed',
    check: 'grep -E "require-mppe|mppe" /etc/ppp/options.pptpd  (and the client\'s options)',
    fix: 'Set require-mppe-128 in /etc/ppp/options.pptpd and configure the client for 128-bit MPPE; never fall back to an unencrypted session',
    origin: 'guide-matrix',
    guideText:
      'This signifies a security mismatch where the client is attempting an unencrypted session that the server rejects. Verify the /etc/ppp/options.pptpd file for the require-mppe-128 flag.',
  },
  {
    id: 'thermal',
    error: 'Physical fault: high thermal inertia on the gateway',
    check: 'sensors  (network-processor / CPU temperatures against their high and crit limits)',
    fix: 'Restore cooling and airflow, reduce PPTP load on the gateway, and plan the move to a multi-threaded protocol (WireGuard, IKEv2)',
    origin: 'guide-matrix',
    guideText:
      'High throughput on legacy PPTP causes significant CPU heat due to the single-threaded nature of the MPPE implementation. Check the sensors output for high thermal readings on the network-processor.',
  },
  {
    id: 'error-619',
    error: '619 error during high traffic (NAT conflict)',
    check: "lsmod | grep -E 'nf_(conntrack|nat)_pptp'; sysctl net.netfilter.nf_conntrack_helper",
    fix: 'On the gateway: modprobe -a nf_conntrack_pptp nf_nat_pptp (formerly ip_conntrack_pptp / ip_nat_pptp) and assign the helper (sysctl net.netfilter.nf_conntrack_helper=1 or iptables -t raw -A PREROUTING -p tcp --dport 1723 -j CT --helper pptp)',
    origin: 'guide-admin-desk',
    guideText:
      'This is typically caused by a NAT conflict. Ensure the ip_nat_pptp and ip_conntrack_pptp modules are loaded on the gateway router.',
  },
  {
    id: 'drop-at-1450',
    error: 'Packets dropping at 1450 bytes / fragmentation',
    check: 'ip link show ppp0 (MTU); ping -M do -s 1372 <remote> across the tunnel',
    fix: 'ip link set dev ppp0 mtu 1400 (the guide: ifconfig ppp0 mtu 1400) or the probed path MTU, and clamp TCP MSS: iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
    origin: 'guide-admin-desk',
    guideText:
      'The GRE and PPP headers take up 24 to 28 bytes. If your MTU is at 1500, a 1450-byte payload exceeds the limit once encapsulated. Lower your interface MTU to 1400 to ensure reliable transport.',
  },
  {
    id: 'gre-blockage',
    error: 'Control channel (TCP 1723) connects but the data channel stays at zero throughput',
    check: "tcpdump -i eth0 -n 'tcp port 1723 or ip proto 47'  (GRE in both directions?)",
    fix: 'Make every NAT/firewall on the path pass IP protocol 47 (GRE pass-through / stateful inspection for protocol 47, PPTP helper on Linux NAT); if load-balanced, use sticky sessions so GRE follows the control channel',
    origin: 'guide-fault-lines',
    guideText:
      'Many modern NAT routers do not correctly handle the mapping of IP Protocol 47. This results in the control channel (TCP 1723) connecting successfully while the data channel remains stagnant, showing zero throughput.',
  },
  {
    id: 'tunnel-flapping',
    error: 'Throughput drops to zero or the tunnel flaps',
    check: 'grep -i "ppp" /var/log/syslog (or /var/log/messages, /var/log/ppp-errors.log)',
    fix: 'Find the cause in the daemon log (LCP timeouts, DHCP renewals on the controller, carrier loss) and fix it; add lcp-echo-interval/lcp-echo-failure so dead peers are detected',
    origin: 'guide-matrix',
    guideText: 'When throughput drops to zero or the tunnel flaps, the first terminal to check is the system log.',
  },
  {
    id: 'throughput-ceiling',
    error: 'Throughput plateaus well below the link capacity',
    check: 'Peak tunnel throughput (step 3) against the carrier speed; CPU of pppd/the gateway',
    fix: 'PPTP is single-threaded: distribute tunnels across addresses with sticky sessions, or migrate to a multi-threaded protocol (WireGuard, IKEv2)',
    origin: 'guide-admin-desk',
    guideText:
      'PPTP rarely exceeds 100-150 Mbps on a single thread even on modern hardware. The encryption overhead and the kernel-to-user-space context switching for the pppd daemon create a hard ceiling on performance.',
  },
  {
    id: 'cleartext-pptp',
    error: 'PPTP running without encryption',
    check: 'grep require-mppe /etc/ppp/options.pptpd; the capture shows PPP protocol 0x0021 (cleartext IP) in GRE',
    fix: 'Restore require-mppe-128; only run without encryption when the physical link is secured by a hardware encryptor — and migrate',
    origin: 'guide-admin-desk',
    guideText:
      'Removing the require-mppe options ... sends all data in cleartext. This should only be done if the underlying physical link is already secured by a secondary hardware-layer encryptor.',
  },
  {
    id: 'packet-loss',
    error: 'Packet loss on the tunnel',
    check: 'ping statistics (step 6), GRE sequence gaps (step 4); mtr -u <remote> locates the hop (sends traffic: only with the operator\'s consent)',
    fix: 'Fix the lossy segment (carrier, congested queue, failing hardware); loss inside PPTP multiplies through TCP retransmissions',
    origin: 'guide-admin-desk',
    guideText:
      "Use the tool mtr -u [Remote_IP]. This provides a traceroute-style view of the tunnel's stability, showing exactly where packet-loss occurs within the encapsulated path.",
  },
  {
    id: 'missing-modules',
    error: 'Immediate packet loss: the kernel cannot decrypt the GRE payload',
    check: 'lsmod | grep ppp  (ppp_generic, ppp_mppe)',
    fix: 'modprobe -a ppp_generic ppp_mppe (package ppp / the kernel\'s ppp modules), and load them at boot (/etc/modules-load.d/)',
    origin: 'guide-matrix',
    guideText:
      'Without these modules, the kernel cannot perform the RC4-based decryption of the incoming GRE payload; absence of these modules usually results in immediate packet-loss.',
  },
  {
    id: 'bufferbloat',
    error: 'Latency grows under load on a high-latency link (buffer bloat)',
    check: 'ip link show ppp0 (qlen); RTT min/max under load (step 6)',
    fix: 'ip link set dev ppp0 txqueuelen 100 (and a fair queue such as fq_codel on the carrier)',
    origin: 'guide-hardening',
    guideText: 'Adjusting the txqueuelen to 100 on high-latency links can prevent buffer bloat.',
  },
  {
    id: 'dynamic-address',
    error: 'Tunnel collapses at DHCP lease renewal',
    check: 'ip addr show (addresses marked "dynamic", valid_lft) on the logic-controller',
    fix: 'Give the logic-controller a static internal IP address',
    origin: 'guide-hardening',
    guideText:
      'In industrial contexts, the logic-controller must be configured with a static internal IP to prevent tunnel collapse during DHCP lease renewals.',
  },
  {
    id: 'control-port-exposed',
    error: 'TCP 1723 reachable from anywhere',
    check: 'iptables -S INPUT  (rules for --dport 1723 and their -s sources)',
    fix: 'iptables -A INPUT -p tcp --dport 1723 -s <allowed peer> -j ACCEPT for each known peer, then -A INPUT -p tcp --dport 1723 -j DROP',
    origin: 'guide-hardening',
    guideText: 'Use iptables to restrict access to TCP 1723 to a known list of whitelisted IPs.',
  },
  {
    id: 'chap-secrets',
    error: 'Weak or exposed chap-secrets',
    check: 'stat -c %a /etc/ppp/chap-secrets; secret lengths (never the values)',
    fix: 'chmod 600 /etc/ppp/chap-secrets (owner root); replace secrets with random 32+ character ones',
    origin: 'guide-hardening',
    guideText:
      'Ensure that the chap-secrets file located at /etc/ppp/chap-secrets uses high-entropy passwords (32+ characters) to slow down offline dictionary attacks against the MS-CHAPv2 hashes.',
  },
  {
    id: 'auth-failures',
    error: 'Peer ... failed CHAP authentication / MS-CHAP authentication failed: E=691',
    check: 'grep -E "failed CHAP authentication|authentication failed|control connection started" /var/log/syslog  (who, from where, how often)',
    fix: 'A few from a known peer: correct its secret. Many from one address: block it, allow TCP 1723 only from known peers, rotate the secret of any real account named',
    origin: 'product',
  },
  {
    id: 'pptp-legacy',
    error: 'PPTP in use (MS-CHAPv2 and RC4/MPPE are broken by design)',
    check: 'Any ppp tunnel, TCP 1723 control channel or GRE data channel',
    fix: 'Migrate to WireGuard or IKEv2; until then isolate the tunnel (allowlists, 128-bit stateless MPPE, strong secrets)',
    origin: 'guide-hardening',
    guideText: 'Since PPTP encryption is fundamentally weak, the only way to "harden" the setup is through isolation.',
  },
  {
    id: 'weak-mppe',
    error: 'MPPE negotiated below 128-bit or stateful',
    check: 'journalctl -u pptpd | grep MPPE  (expect "MPPE 128-bit stateless compression enabled")',
    fix: 'require-mppe-128 and nomppe-40 / nomppe-56 in /etc/ppp/options.pptpd (stateless is pppd\'s default; remove mppe-stateful)',
    origin: 'guide-matrix',
    guideText:
      'Find the "MPPE 128-bit, stateless compression" confirmation string. This log entry confirms the service has negotiated the highest possible (yet still weak) encryption level.',
  },
] as const satisfies readonly TroubleshootingRow[];

export type TroubleshootingRowId = (typeof TROUBLESHOOTING_MATRIX)[number]['id'];

export function troubleshootingRow(id: TroubleshootingRowId): TroubleshootingRow {
  const row = TROUBLESHOOTING_MATRIX.find((r) => r.id === id);
  if (!row) throw new Error(`no troubleshooting row ${id}`);
  return row;
}
