import { listInterfaces } from '../../collectors/interfaces/listInterfaces';
import type { InterfaceInfo } from '../../../shared/model/interfaces';
import { runStepCommand } from '../stepRun/stepCommand';
import { targetFor } from '../stepRun/target';
import type { TargetCliOptions } from '../stepRun/targetOptions';
import { requireLocalCollectors } from '../stepRun/localCollectors';

function describe(info: InterfaceInfo): string {
  const addresses = info.addresses
    .map((a) => `${a.local}/${a.prefixlen}${a.peer ? ` peer ${a.peer}` : ''}${a.dynamic ? ' dynamic' : ''}`)
    .join(', ');
  return [
    info.name.padEnd(16),
    String(info.ifindex).padStart(4),
    info.operState.padEnd(8),
    `mtu ${info.mtu}`.padEnd(10),
    `<${info.flags.join(',')}>`,
    addresses,
  ].join(' ');
}

export async function runInterfaces(options: { json?: boolean; from: string[]; iface: string } & TargetCliOptions): Promise<void> {
  // Supplied files, or a gateway over SSH: step 1 judged there; else this machine's list.
  if (options.from.length > 0 || options.target !== undefined) {
    await runStepCommand({ step: 'identify-interfaces' }, { target: targetFor({ iface: options.iface }), from: options.from, remote: options, json: options.json === true });
    return;
  }
  requireLocalCollectors();
  const list = await listInterfaces();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${'NAME'.padEnd(16)} ${'IDX'.padStart(4)} STATE    MTU        FLAGS / ADDRESSES\n`);
  for (const info of list) process.stdout.write(`${describe(info)}\n`);
}
