/** Counters of one interface as the kernel reports them in /proc/net/dev. */
/**
 * Counters are bigint because the kernel's are unsigned 64-bit: a wrap near 2^64 (or a
 * 32-bit wrap on old drivers) can only be told apart from a reset with exact arithmetic.
 */
export interface InterfaceCounters {
  rxBytes: bigint;
  rxPackets: bigint;
  rxErrors: bigint;
  rxDropped: bigint;
  txBytes: bigint;
  txPackets: bigint;
  txErrors: bigint;
  txDropped: bigint;
}

const DIGITS = /^[0-9]{1,20}$/;

/**
 * Parses /proc/net/dev. Column positions are fixed by the kernel since 2.6 (16 counters after
 * "name:"); the name may touch the first number ("eth0:123") on old kernels, so split on the
 * last colon of the name field rather than on whitespace.
 */
export function parseProcNetDev(text: string): Map<string, InterfaceCounters> {
  const result = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === '' || name.includes('|')) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    if (fields.length < 16) continue;
    if (!fields.slice(0, 16).every((f) => DIGITS.test(f))) continue;
    const n = fields.map((f) => BigInt(f));
    result.set(name, {
      rxBytes: n[0]!,
      rxPackets: n[1]!,
      rxErrors: n[2]!,
      rxDropped: n[3]!,
      txBytes: n[8]!,
      txPackets: n[9]!,
      txErrors: n[10]!,
      txDropped: n[11]!,
    });
  }
  return result;
}

const SYSFS_KEYS: Record<string, keyof InterfaceCounters> = {
  rx_bytes: 'rxBytes',
  rx_packets: 'rxPackets',
  rx_errors: 'rxErrors',
  rx_dropped: 'rxDropped',
  tx_bytes: 'txBytes',
  tx_packets: 'txPackets',
  tx_errors: 'txErrors',
  tx_dropped: 'txDropped',
};

export const SYSFS_STATISTICS_FILES = Object.keys(SYSFS_KEYS);

/**
 * Builds counters from the files of /sys/class/net/IF/statistics (file name → content).
 * Returns null when any of the eight files is missing or not a number: a partial reading
 * would produce a phantom rate.
 */
export function parseSysfsStatistics(files: Record<string, string>): InterfaceCounters | null {
  const out: Partial<InterfaceCounters> = {};
  for (const [file, key] of Object.entries(SYSFS_KEYS)) {
    const raw = files[file];
    if (raw === undefined) return null;
    const text = raw.trim();
    if (!DIGITS.test(text)) return null;
    out[key] = BigInt(text);
  }
  return out as InterfaceCounters;
}
