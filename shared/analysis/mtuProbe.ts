/**
 * DF path-MTU probe as a pure state machine: the caller asks `nextProbeSize`, runs
 * `ping -M do -s <size>` (a few requests), feeds the outcome to `recordProbe`, and repeats
 * until `nextProbeSize` returns null. Bisection between the largest payload that passed and
 * the smallest that failed; a "Frag needed (mtu = N)" or local "mtu=N" hint jumps straight
 * to the size that N allows, which is then verified like any other guess.
 */

export type IpFamily = 'inet' | 'inet6';

/** IP header + ICMP echo header: payload + this = packet size on the wire. */
export function echoOverhead(family: IpFamily): number {
  return family === 'inet' ? 28 : 48;
}

export interface MtuProbeConfig {
  family: IpFamily;
  /** Smallest payload tried (default: minimum MTU of the family minus headers). */
  minPayload: number;
  /** Largest payload tried (default: 1500 minus headers). */
  maxPayload: number;
  /** Hard stop, so the probe always ends (default 16: enough for any 64 KiB range). */
  maxProbes: number;
}

export interface ProbeOutcome {
  payload: number;
  /** At least one echo reply came back. */
  passed: boolean;
  /** MTU reported by "Frag needed"/"Packet too big"/local error, if any. */
  reportedMtu: number | null;
}

export interface MtuProbeState {
  config: MtuProbeConfig;
  /** Largest payload seen to pass. */
  largestPass: number | null;
  /** Smallest payload seen to fail. */
  smallestFail: number | null;
  /** A size suggested by a reported MTU, tried next when it is still inside the window. */
  hint: number | null;
  history: ProbeOutcome[];
}

export const PAYLOAD_LIMIT = 65_507;

export function defaultMtuProbeConfig(family: IpFamily): MtuProbeConfig {
  return {
    family,
    minPayload: (family === 'inet' ? 576 : 1280) - echoOverhead(family),
    maxPayload: 1500 - echoOverhead(family),
    maxProbes: 16,
  };
}

export function startMtuProbe(config: MtuProbeConfig): MtuProbeState {
  if (!Number.isInteger(config.minPayload) || !Number.isInteger(config.maxPayload)) {
    throw new RangeError('payload bounds must be integers');
  }
  if (
    config.minPayload < 0 ||
    config.maxPayload > PAYLOAD_LIMIT ||
    config.minPayload > config.maxPayload
  ) {
    throw new RangeError(`payload bounds must satisfy 0 <= min <= max <= ${PAYLOAD_LIMIT}`);
  }
  return { config, largestPass: null, smallestFail: null, hint: null, history: [] };
}

/** The next payload size to try, or null when the answer is known (or the budget is spent). */
export function nextProbeSize(state: MtuProbeState): number | null {
  const { config, largestPass, smallestFail, history, hint } = state;
  if (history.length >= config.maxProbes) return null;
  // The top of the range first: on a healthy path one probe settles it.
  if (largestPass === null && smallestFail === null) return config.maxPayload;
  if (largestPass === null) {
    // Everything tried so far failed. Try the hint, then the floor; if the floor fails, stop.
    if (hint !== null && hint >= config.minPayload && hint < (smallestFail ?? Infinity))
      return hint;
    if (smallestFail !== null && smallestFail <= config.minPayload) return null;
    return config.minPayload;
  }
  const hi = smallestFail ?? config.maxPayload + 1;
  if (hi - largestPass <= 1) return null;
  if (hint !== null && hint > largestPass && hint < hi) return hint;
  return Math.floor((largestPass + hi) / 2);
}

export function recordProbe(state: MtuProbeState, outcome: ProbeOutcome): MtuProbeState {
  const overhead = echoOverhead(state.config.family);
  let { largestPass, smallestFail } = state;
  if (outcome.passed) {
    largestPass = Math.max(largestPass ?? -1, outcome.payload);
    if (smallestFail !== null && smallestFail <= outcome.payload) smallestFail = null;
  } else {
    smallestFail = Math.min(smallestFail ?? Infinity, outcome.payload);
  }
  let hint = state.hint;
  // A hinted size that passed is checked once more one byte above: if that fails, the
  // gap is closed in two probes instead of a whole bisection.
  if (hint === outcome.payload) hint = outcome.passed ? outcome.payload + 1 : null;
  if (!outcome.passed && outcome.reportedMtu !== null) {
    const suggested = outcome.reportedMtu - overhead;
    hint = suggested >= 0 ? suggested : null;
  }
  return { ...state, largestPass, smallestFail, hint, history: [...state.history, outcome] };
}

export interface MtuProbeResult {
  family: IpFamily;
  /** Largest payload that passed with DF set; null when nothing passed. */
  largestPayload: number | null;
  /** Largest packet that crosses the path: payload + headers. */
  pathMtu: number | null;
  /** Smallest packet (payload + headers) seen to fail, when one did. */
  smallestFailingPacket: number | null;
  /** True when the search closed the gap (false: budget spent or nothing passed). */
  exact: boolean;
  probes: number;
  /** MTU to set on the ppp interface. */
  recommendedMtu: number | null;
  /** TCP MSS to clamp to (MTU - 40 for IPv4, - 60 for IPv6). */
  recommendedMss: number | null;
  recommendation: string;
}

/** The baseline of the field guide: 1400 leaves room for GRE + PPP + MPPE on a 1500 path. */
export const BASELINE_TUNNEL_MTU = 1400;

export function mtuProbeResult(state: MtuProbeState): MtuProbeResult {
  const { config, largestPass, smallestFail, history } = state;
  const overhead = echoOverhead(config.family);
  const tcpIp = config.family === 'inet' ? 40 : 60;
  const pathMtu = largestPass === null ? null : largestPass + overhead;
  const smallestFailingPacket = smallestFail === null ? null : smallestFail + overhead;
  const exact =
    largestPass !== null &&
    (largestPass === config.maxPayload ||
      (smallestFail !== null && smallestFail - largestPass <= 1));
  if (pathMtu === null) {
    return {
      family: config.family,
      largestPayload: null,
      pathMtu: null,
      smallestFailingPacket,
      exact: false,
      probes: history.length,
      recommendedMtu: null,
      recommendedMss: null,
      recommendation:
        `No probe passed with DF set, down to ${config.minPayload} bytes of payload: the path drops ` +
        'even small packets (tunnel down, GRE blocked or ICMP filtered). Fix reachability first.',
    };
  }
  const recommendedMtu = Math.min(BASELINE_TUNNEL_MTU, pathMtu);
  const why =
    pathMtu >= BASELINE_TUNNEL_MTU
      ? `The path carries ${pathMtu}-byte packets; set the ppp MTU to ${BASELINE_TUNNEL_MTU} (field baseline, room for GRE/PPP/MPPE overhead)`
      : `The path carries at most ${pathMtu}-byte packets, below the ${BASELINE_TUNNEL_MTU} baseline; set the ppp MTU to ${pathMtu}`;
  return {
    family: config.family,
    largestPayload: largestPass,
    pathMtu,
    smallestFailingPacket,
    exact,
    probes: history.length,
    recommendedMtu,
    recommendedMss: recommendedMtu - tcpIp,
    recommendation:
      `${why} (mtu ${recommendedMtu} in the pppd options or \`ip link set ppp0 mtu ${recommendedMtu}\`) ` +
      `and clamp TCP MSS to ${recommendedMtu - tcpIp} (iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu).` +
      (exact ? '' : ' The search stopped before closing the gap: the value is a lower bound.'),
  };
}

/** The outcome of one probe from what ping reported: passed when any echo reply came back. */
export function probeOutcomeFromReplies(
  payload: number,
  receivedReplies: number,
  reportedMtu: number | null,
): ProbeOutcome {
  return { payload, passed: receivedReplies > 0, reportedMtu };
}
