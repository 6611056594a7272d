import { readFile } from 'node:fs/promises';
import { parseProcNetDev } from '../../../shared/parsers/procNetDev';
import type { CounterReading } from '../../../shared/analysis/rates';

const PROC_NET_DEV = '/proc/net/dev';

async function readIfindex(iface: string): Promise<number | null> {
  try {
    const value = Number((await readFile(`/sys/class/net/${iface}/ifindex`, 'utf8')).trim());
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * One reading of one interface: counters from /proc/net/dev (one read for all interfaces, as
 * nload does) and its identity from sysfs. The ifindex is read on both sides of the counters
 * so an interface re-created between the two reads is reported as absent, not as a
 * continuation of the old one.
 */
export async function readCounters(iface: string, clock: SamplerClock): Promise<CounterReading> {
  const before = await readIfindex(iface);
  const t = clock.wall();
  const mono = clock.mono();
  const table = parseProcNetDev(await readFile(PROC_NET_DEV, 'utf8'));
  const after = await readIfindex(iface);
  const counters = table.get(iface) ?? null;
  const stable = before !== null && before === after;
  return {
    t,
    mono,
    iface,
    ifindex: stable ? after : null,
    counters: stable ? counters : null,
  };
}

export interface SamplerClock {
  wall(): number;
  mono(): number;
}

export const systemClock: SamplerClock = {
  wall: () => Date.now(),
  mono: () => performance.now(),
};

/** sysfs `speed` in Mbit/s, or null for virtual links (-1, EINVAL) and unknown interfaces. */
export async function readLinkSpeedMbps(iface: string): Promise<number | null> {
  try {
    const value = Number((await readFile(`/sys/class/net/${iface}/speed`, 'utf8')).trim());
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export async function interfaceExists(iface: string): Promise<boolean> {
  return (await readIfindex(iface)) !== null;
}
