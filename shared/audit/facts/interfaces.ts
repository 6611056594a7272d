import type { InterfaceFacts } from '../../findings/facts';
import { parseIpAddrJson, parseIpAddrText } from '../../parsers/ipAddr';
import { FactsInputError } from './errors';
import { requireKind } from './recognised';

export interface TunnelTarget {
  /** The audited tunnel interface (ppp0); null = the first ppp interface in the list. */
  iface: string | null;
  /** The carrier interface under it, when the auditor named it. */
  carrier?: string | null;
}

/** Step 1: `ip -j -d addr show` (or `ip addr show` text) output → InterfaceFacts. */
export function interfacesFacts(ipText: string, file: string, target: TunnelTarget): InterfaceFacts {
  if (ipText.trim() === '') throw new FactsInputError(file, 'ip -j addr show printed nothing');
  const kind = requireKind(ipText, file, ['ip-addr-json', 'ip-addr-text'] as const);
  let interfaces;
  try {
    interfaces = kind === 'ip-addr-json' ? parseIpAddrJson(ipText) : parseIpAddrText(ipText);
  } catch (error) {
    throw new FactsInputError(file, (error as Error).message);
  }
  // Without a named tunnel, the first ppp interface is the one audited; 'ppp0' keeps the
  // rules' "tunnel not in the list" wording meaningful when there is none.
  const tunnel = target.iface ?? interfaces.find((i) => i.isTunnel)?.name ?? 'ppp0';
  return { source: file, interfaces, tunnel, carrier: target.carrier ?? null };
}
