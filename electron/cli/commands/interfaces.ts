import type { Command } from 'commander';
import type { TargetCliOptions } from '../stepRun/target';
import { listInterfaces } from '../../collectors/interfaces/listInterfaces';
import type { InterfaceInfo } from '../../../shared/model/interfaces';
import { addFromOption, runStepCommand } from '../stepRun/stepCommand';
import { targetFor } from '../stepRun/target';

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
  const command = program
    .command('interfaces')
    .description('list network interfaces, ppp* tunnels first (ip -j -d addr show); with --from or --target, judge step 1 from supplied files or on a gateway')
    .option('--iface <name>', 'the tunnel interface to judge (with --from or --target)', 'ppp0');
  addFromOption(command, 'ip -j addr / ip addr, ps -eo pid,ppid,comm, ss -ltnp')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean; from: string[]; iface: string } & TargetCliOptions) => {
      // Supplied files, or a gateway over SSH: step 1 judged there; else this machine's list.
      if (options.from.length > 0 || options.target !== undefined) {
        await runStepCommand({ step: 'identify-interfaces' }, { target: targetFor({ iface: options.iface }), from: options.from, remote: options, json: options.json === true });
        return;
      }
      const list = await listInterfaces();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${'NAME'.padEnd(16)} ${'IDX'.padStart(4)} STATE    MTU        FLAGS / ADDRESSES\n`);
      for (const info of list) process.stdout.write(`${describe(info)}\n`);
    });
}
