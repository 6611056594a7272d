import type { Command } from 'commander';
import { listInterfaces } from '../../collectors/interfaces/listInterfaces';
import type { InterfaceInfo } from '../../../shared/model/interfaces';

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

export function registerInterfaces(program: Command): void {
  program
    .command('interfaces')
    .description('list network interfaces, ppp* tunnels first (ip -j -d addr show)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await listInterfaces();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${'NAME'.padEnd(16)} ${'IDX'.padStart(4)} STATE    MTU        FLAGS / ADDRESSES\n`);
      for (const info of list) process.stdout.write(`${describe(info)}\n`);
    });
}
