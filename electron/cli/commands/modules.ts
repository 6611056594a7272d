import type { Command } from 'commander';
import { addFromOption } from '../stepRun/fromOption';
import type { TargetCliOptions } from '../stepRun/targetOptions';

export function registerModules(program: Command): void {
  const command = program
    .command('modules')
    .description('audit step 2: PPP/PPTP/GRE kernel modules and conntrack helpers (loaded, built in, missing), judged by the findings engine');
  addFromOption(command, '/proc/modules, lsmod with or without header, modules.builtin, kernel config (.gz too), sysctl output')
    .option('--role <role>', 'endpoint or gateway, when the files do not include net.ipv4.ip_forward (gateways also need nf_conntrack_pptp / nf_nat_pptp)')
    .option('--json', 'print JSON')
    .action(async (options: { from: string[]; role?: string; json?: boolean } & TargetCliOptions) => {
      const { runModules } = await import('../actions/stepCommands');
      await runModules(options);
    });
}
