import { parseIpAddrJson } from '../../../shared/parsers/ipAddr';
import type { InterfaceInfo } from '../../../shared/model/interfaces';
import type { Runner } from '../../../shared/ops/runner';
import { DirectRunner } from '../../ops/directRunner';

export const IP_ADDR_ARGV = ['ip', '-j', '-d', 'addr', 'show'] as const;

/**
 * This machine's interfaces: the same enumerated operation as a gateway's, run in-process.
 * `ip -j -d addr show` needs no privileges: step 1 works before the helper is started.
 */
export function listInterfaces(): Promise<InterfaceInfo[]> {
  return listInterfacesWith(new DirectRunner());
}

/**
 * The interfaces of the host a runner acts on (a gateway over SSH): the same enumerated
 * operation (`ip.addr`, validated and quoted like every other) and the same parser.
 */
export async function listInterfacesWith(runner: Runner): Promise<InterfaceInfo[]> {
  const result = await runner.run({ op: 'ip.addr' });
  if (result.error) throw new Error(`${IP_ADDR_ARGV.join(' ')} failed: ${result.error}`);
  return parseIpAddrJson(result.stdout);
}
