import type { Command } from 'commander';
import { addFromOption } from '../stepRun/fromOption';
import type { TargetCliOptions } from '../stepRun/targetOptions';

export function registerInterfaces(program: Command): void {
  const command = program
    .command('interfaces')
    .description('list network interfaces, ppp* tunnels first (ip -j -d addr show); with --from or --target, judge step 1 from supplied files or on a gateway')
    .option('--iface <name>', 'the tunnel interface to judge (with --from or --target)', 'ppp0');
  addFromOption(command, 'ip -j addr / ip addr, ps -eo pid,ppid,comm, ss -ltnp')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean; from: string[]; iface: string } & TargetCliOptions) => {
      const { runInterfaces } = await import('../actions/interfaces');
      await runInterfaces(options);
    });
}
