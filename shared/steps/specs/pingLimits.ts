/**
 * The ping figures of step 6 that the CLI's option help quotes: kept apart from the latency
 * spec so `pptp-auditor --help` does not load the step machinery to print five numbers.
 */
export const DEFAULT_PING_COUNT = 50;
export const MIN_PING_COUNT = 5;
export const MAX_PING_COUNT = 1000;
/** The guide's `ping -i 0.2`: five packets a second, the fastest an unprivileged ping allows. */
export const PING_INTERVAL_S = 0.2;
export const PING_SIZE = 1400;
