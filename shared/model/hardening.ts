/** Firewall rules of iptables and nftables in one normalised shape, so one evaluator judges both. */

export interface PortRange {
  from: number;
  to: number;
}

/** What a rule matches on. null = "any" (no restriction of that kind). */
export interface RuleMatch {
  /** Lower-case protocol names ("tcp", "udp", "gre", "icmp") or decimal numbers as strings. */
  protocols: string[] | null;
  protocolNegated: boolean;
  /** Addresses, CIDRs or "a-b" ranges; "@name" for an nft set we could not resolve. */
  sources: string[] | null;
  sourceNegated: boolean;
  dports: PortRange[] | null;
  dportNegated: boolean;
  inIface: string | null;
  inIfaceNegated: boolean;
  /** Upper-case conntrack states (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED). */
  ctStates: string[] | null;
  ctStateNegated: boolean;
  /** Match text we do not evaluate (limit, recent, mark...): the rule "may" match. */
  other: string[];
}

export type VerdictKind = 'accept' | 'drop' | 'reject' | 'return' | 'jump' | 'goto' | 'continue';

export interface Verdict {
  kind: VerdictKind;
  /** Chain name for jump/goto; the iptables target name for non-terminating targets (LOG, CT...). */
  target: string | null;
}

export interface FirewallRule {
  /** 1-based position inside its chain (what `iptables -L --line-numbers` shows). */
  position: number;
  /** The rule as the tool printed it. */
  text: string;
  match: RuleMatch;
  verdict: Verdict;
  /** Conntrack helper this rule assigns ("pptp"), "unknown" when the tool hides the name. */
  helper: string | null;
}

export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

export interface FirewallChain {
  family: string;
  table: string;
  name: string;
  /** Base chains attach to a hook; user chains are only reached by jump/goto. */
  hook: Hook | null;
  /** nft chain type or iptables table ("filter", "nat", "raw"...). */
  type: string;
  policy: 'accept' | 'drop' | null;
  rules: FirewallRule[];
  /**
   * Set on chains read with iptables-legacy-save: x_tables, which the kernel applies beside
   * nf_tables. Their "filter/INPUT" is another chain than iptables-nft's "filter/INPUT".
   */
  backend?: 'iptables-legacy';
}

export interface Ruleset {
  /** iptables-rules: `iptables [-t TABLE] -S` (the -A syntax of iptables-save without table blocks). */
  source: 'iptables-save' | 'iptables-rules' | 'iptables-list' | 'nft';
  chains: FirewallChain[];
  /** nft named sets: name -> elements (for "ip saddr @allow"). */
  sets: Record<string, string[]>;
  /** nft ct helper objects: name -> helper type ("pptp"). */
  helperObjects: Record<string, string>;
  unparsed: string[];
  /** Limits of the input that weaken the verdict (e.g. a listing without -v hides interfaces). */
  warnings: string[];
}

// ---- pppd / pptpd options ------------------------------------------------------------------

export interface OptionLine {
  name: string;
  args: string[];
  line: number;
}

export interface PppOptionsFile {
  /** Path or label the text came from. */
  file: string;
  kind: 'pppd' | 'pptpd.conf';
  options: OptionLine[];
  unparsed: string[];
}

export interface PppSecurityPosture {
  /** MPPE demanded at all (require-mppe*, or "mppe required"). */
  mppeRequired: boolean;
  /** Strengths that may be negotiated. */
  mppeAllowed: Array<40 | 56 | 128>;
  /** nomppe / noccp: no encryption at all. */
  mppeDisabled: boolean;
  /** mppe-stateful allowed (weaker: one lost packet desynchronises RC4). */
  statefulAllowed: boolean;
  authRequired: boolean;
  /** Authentication protocols the server will accept from the peer. */
  authAccepted: Array<'pap' | 'chap' | 'mschap' | 'mschap-v2' | 'eap'>;
  mtu: number | null;
  mru: number | null;
  lcpEchoInterval: number | null;
  lcpEchoFailure: number | null;
  debug: boolean;
  logfile: string | null;
  /** pptpd.conf: the options file pppd is started with. */
  optionFile: string | null;
  problems: string[];
}

// ---- verdicts of the hardening analysis ------------------------------------------------------

export interface RuleRef {
  chain: string;
  table: string;
  position: number | null;
  text: string;
}

export interface Decision {
  verdict: 'accept' | 'drop' | 'reject';
  /** The rule that decided, or the chain policy when position is null. */
  by: RuleRef;
  /** Rules we had to assume match (unevaluated matches). */
  uncertain: RuleRef[];
}

export interface ControlPortExposure {
  status: 'open-to-any' | 'allowlisted' | 'closed' | 'no-filter';
  /** Sources explicitly accepted for TCP 1723 before the final decision. */
  allowlist: string[];
  decisions: Array<{ hook: Hook; chain: string; decision: Decision }>;
  /** TCP 1723 ACCEPT rules placed after a catch-all DROP/REJECT of the same chain: dead rules. */
  shadowed?: Array<{ accept: RuleRef; catchAll: RuleRef }>;
}

export interface GreVerdict {
  /** GRE arriving for this host (INPUT): what a PPTP server needs. */
  status: 'accepted' | 'accepted-if-related' | 'dropped' | 'no-filter';
  /** GRE passing through this host (FORWARD): what a gateway in front of the server needs. */
  forwardStatus: 'accepted' | 'accepted-if-related' | 'dropped' | 'no-filter';
  decisions: Array<{ hook: Hook; chain: string; decision: Decision }>;
  /** GRE ACCEPT rules placed after a catch-all DROP/REJECT of the same chain: dead rules. */
  shadowed: Array<{ accept: RuleRef; catchAll: RuleRef }>;
}

export interface HelperAssignment {
  assigned: boolean;
  /** Rules that set a conntrack helper; helper "unknown" when iptables-nft hides the name. */
  rules: Array<RuleRef & { helper: string; label?: string }>;
}

export interface FirewallAudit {
  source: Ruleset['source'];
  controlPort: ControlPortExposure;
  gre: GreVerdict;
  helper: HelperAssignment;
  mssClamp: boolean;
  /** Carried over from the ruleset: why the verdict may be less certain than it reads. */
  warnings: string[];
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface HardeningFinding {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  remediation: string;
}
