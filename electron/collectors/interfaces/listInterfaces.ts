import { execFile } from 'node:child_process';
import { parseIpAddrJson } from '../../../shared/parsers/ipAddr';
import type { InterfaceInfo } from '../../../shared/model/interfaces';
import type { Runner } from '../../../shared/ops/runner';

export const IP_ADDR_ARGV = ['ip', '-j', '-d', 'addr', 'show'] as const;

/** `ip -j -d addr show` needs no privileges: step 1 works before the helper is started. */
export function listInterfaces(): Promise<InterfaceInfo[]> {
  const [cmd, ...args] = IP_ADDR_ARGV;
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new Error(
            missing
              ? 'the ip command is not installed (apt install iproute2)'
              : `ip -j -d addr show failed: ${stderr.trim() || error.message}`,
          ),
        );
        return;
      }
      try {
        resolve(parseIpAddrJson(stdout));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
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
