import type { Command } from 'commander';
import { addFromOption } from '../stepRun/fromOption';

export function registerInterfaces(program: Command): void {
  const command = program
    .command('interfaces')
    .description('list network interfaces, ppp* tunnels first (ip -j -d addr show); with --from, judge step 1 from supplied files')
    .option('--iface <name>', 'the tunnel interface to judge (with --from)', 'ppp0');
  addFromOption(command, 'ip -j addr / ip addr, ps -eo pid,ppid,comm, ss -ltnp')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean; from: string[]; iface: string }) => {
      const { runInterfaces } = await import('../actions/interfaces');
      await runInterfaces(options);
    });
}
