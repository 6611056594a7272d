import type { InterfaceFacts } from '../../findings/facts';
import { parseIpAddrJson } from '../../parsers/ipAddr';
import { FactsInputError } from './errors';

export interface TunnelTarget {
  /** The audited tunnel interface (ppp0); null = the first ppp interface in the list. */
  iface: string | null;
  /** The carrier interface under it, when the auditor named it. */
  carrier?: string | null;
}

/** Step 1: `ip -j -d addr show` output → InterfaceFacts. */
export function interfacesFacts(ipJsonText: string, file: string, target: TunnelTarget): InterfaceFacts {
  if (ipJsonText.trim() === '') throw new FactsInputError(file, 'ip -j addr show printed nothing');
  let interfaces;
  try {
    interfaces = parseIpAddrJson(ipJsonText);
  } catch (error) {
    throw new FactsInputError(file, (error as Error).message);
  }
  // Without a named tunnel, the first ppp interface is the one audited; 'ppp0' keeps the
  // rules' "tunnel not in the list" wording meaningful when there is none.
  const tunnel = target.iface ?? interfaces.find((i) => i.isTunnel)?.name ?? 'ppp0';
  return { source: file, interfaces, tunnel, carrier: target.carrier ?? null };
}
