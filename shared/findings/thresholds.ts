/**
 * Every number a rule compares against, named and explained in one place, so an auditor can
 * see (and the report can print) exactly where a line was drawn and why.
 */

/** Mean RTT across the tunnel above which telemetry polling starts to suffer (ms). ITU-T G.114
 * puts 150 ms one-way as the limit for interactive use; SCADA polling loops are tighter. */
export const LATENCY_AVG_WARN_MS = 100;
/** Mean RTT above which we call the tunnel unfit for control traffic (ms). */
export const LATENCY_AVG_HIGH_MS = 300;

/** RFC 3550 interarrival jitter (or RTT mdev when jitter is unavailable) above which the
 * link is unstable for periodic telemetry (ms); 30 ms is the common VoIP planning figure. */
export const JITTER_WARN_MS = 30;
export const JITTER_HIGH_MS = 100;

/** Echo loss (%) above which the tunnel is degraded, and above which it is failing. */
export const LOSS_WARN_PERCENT = 1;
export const LOSS_HIGH_PERCENT = 5;

/** GRE sequence loss per call direction (%): above warn is a finding, above high a high one.
 * Needs at least this many packets in the direction so a 1-of-3 gap does not cry wolf. */
export const GRE_LOSS_WARN_PERCENT = 0.5;
export const GRE_LOSS_HIGH_PERCENT = 2;
export const GRE_MIN_PACKETS_FOR_LOSS = 100;
/** Reordered or duplicated GRE packets (%) that indicate a multi-path or unstable carrier. */
export const GRE_REORDER_WARN_PERCENT = 1;

/** The guide: "set the MTU on the ppp interface to 1400 or lower". */
export const RECOMMENDED_TUNNEL_MTU = 1400;
/** GRE (16 with key/seq/ack as PPTP uses it) + PPP (2-4) + outer IPv4 (20): the guide's 24-28
 * bytes on top of the inner packet, plus the outer IP header. */
export const PPTP_ENCAPSULATION_BYTES = 28;

/** The guide: "high-entropy passwords (32+ characters)". */
export const CHAP_SECRET_MIN_LENGTH = 32;
/** Estimated entropy under which a secret falls to an offline dictionary/brute-force attack on
 * the captured MS-CHAPv2 exchange (bits). 32 random alphanumerics carry ~190 bits. */
export const CHAP_SECRET_MIN_ENTROPY_BITS = 128;

/** The guide: "PPTP rarely exceeds 100-150 Mbps on a single thread". */
export const PPTP_PRACTICAL_CEILING_MBPS = 100;
export const PPTP_PRACTICAL_CEILING_HIGH_MBPS = 150;
/** Peak use of the carrier (0..1) above which the tunnel saturates its link. */
export const LINK_SATURATION_RATIO = 0.8;
/** A peak within this fraction of the PPTP ceiling band counts as "at the ceiling". */
export const CEILING_PROXIMITY_RATIO = 0.9;

/** Terminations (or interface re-creations) in the observed window that make a tunnel flap. */
export const FLAP_MIN_TERMINATIONS = 3;
/** Window in which those terminations count, when the logs carry times (seconds). */
export const FLAP_WINDOW_SECONDS = 24 * 3600;

/**
 * Refused PPP logins from one peer that make a burst of password guessing: this many inside
 * AUTH_FAILURE_WINDOW_SECONDS. They are fail2ban's defaults (maxretry 5, findtime 10 min), the
 * line most Linux servers already draw between a user mistyping a password a few times and a
 * script trying passwords: pppd gives one MS-CHAPv2 try per call, so each failure is a redial.
 */
export const AUTH_FAILURE_BURST = 5;
export const AUTH_FAILURE_WINDOW_SECONDS = 600;

/** The guide: "adjusting the txqueuelen to 100 on high-latency links can prevent buffer bloat". */
export const RECOMMENDED_TXQUEUELEN = 100;
/** Mean RTT from which a link counts as high-latency for queue sizing (ms). */
export const HIGH_LATENCY_LINK_MS = 100;
/** RTT spread (max - min, ms) and ratio (max / min) that point at standing queues (bufferbloat). */
export const BUFFERBLOAT_RTT_SPREAD_MS = 100;
export const BUFFERBLOAT_RTT_RATIO = 2;

/** Temperatures (°C) used when the chip reports no high/crit limits of its own. */
export const THERMAL_WARN_C = 80;
export const THERMAL_HIGH_C = 95;

/** Kernel modules PPTP needs, and the NAT helpers a gateway needs (old names are aliases). */
export const REQUIRED_PPP_MODULES = ['ppp_generic', 'ppp_mppe'] as const;
export const GRE_TRANSPORT_MODULES = ['pptp', 'gre', 'ip_gre'] as const;
export const NAT_HELPER_MODULES = [
  { name: 'nf_conntrack_pptp', aliases: ['ip_conntrack_pptp'] },
  { name: 'nf_nat_pptp', aliases: ['ip_nat_pptp'] },
] as const;

/**
 * The least PPTP can add around a tunnel packet on the carrier: outer IPv4 header (20), GRE
 * with its sequence number (12, no acknowledgement) and a compressed PPP protocol field (1).
 * A tunnel MTU above the carrier's MTU minus this is fragmented on the carrier, always.
 */
export const PPTP_MIN_OUTER_OVERHEAD = 33;
