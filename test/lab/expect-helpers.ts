// Small readers over scenario artefacts, shared by the lab tests.
import { statSync } from 'node:fs';
import type { ScenarioArtefacts } from './lab';

interface IpJsonAddr {
  ifindex?: number;
  ifname?: string;
  mtu?: number;
  addr_info?: { family?: string; local?: string; address?: string }[];
}

/** Interfaces of an `ip -j -d addr show` file, by name. */
export function interfaces(s: ScenarioArtefacts, file: string): Map<string, IpJsonAddr> {
  const text = s.read(file);
  if (text.trim() === '') return new Map();
  const list = JSON.parse(text) as IpJsonAddr[];
  return new Map(list.map((i) => [i.ifname ?? '', i]));
}

export function ipv4Of(iface: IpJsonAddr | undefined): string[] {
  return (iface?.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => a.local ?? '');
}

/** rx/tx bytes and packets of one device from a /proc/net/dev snapshot. */
export function netDev(
  s: ScenarioArtefacts,
  file: string,
  dev: string,
): { rxBytes: number; rxPackets: number; txBytes: number; txPackets: number } | undefined {
  const line = s
    .read(file)
    .split('\n')
    .find((l) => l.trim().startsWith(`${dev}:`));
  if (!line) return undefined;
  const n = line.split(':')[1]?.trim().split(/\s+/).map(Number) ?? [];
  return { rxBytes: n[0] ?? 0, rxPackets: n[1] ?? 0, txBytes: n[8] ?? 0, txPackets: n[9] ?? 0 };
}

/** "N packets transmitted, M received" of a ping output. */
export function pingSummary(text: string): { sent: number; received: number } | undefined {
  const m = /(\d+) packets transmitted, (\d+) received/.exec(text);
  return m ? { sent: Number(m[1]), received: Number(m[2]) } : undefined;
}

export function fileSize(s: ScenarioArtefacts, file: string): number {
  return statSync(s.path(file)).size;
}

export function countLines(text: string, needle: string): number {
  return text.split('\n').filter((l) => l.includes(needle)).length;
}
