import type { Command } from 'commander';
import type { TargetCliOptions } from '../stepRun/target';
import { UsageError } from '../errors';
import { addFromOption, runStepCommand } from '../stepRun/stepCommand';
import { PLACEHOLDER_TARGET } from '../stepRun/target';

export function registerModules(program: Command): void {
  const command = program
    .command('modules')
    .description('audit step 2: PPP/PPTP/GRE kernel modules and conntrack helpers (loaded, built in, missing), judged by the findings engine');
  addFromOption(command, '/proc/modules, lsmod with or without header, modules.builtin, kernel config (.gz too), sysctl output')
    .option('--role <role>', 'endpoint or gateway, when the files do not include net.ipv4.ip_forward (gateways also need nf_conntrack_pptp / nf_nat_pptp)')
    .option('--json', 'print JSON')
    .action(async (options: { from: string[]; role?: string; json?: boolean } & TargetCliOptions) => {
      if (options.role !== undefined && options.role !== 'endpoint' && options.role !== 'gateway') {
        throw new UsageError(`invalid --role ${JSON.stringify(options.role.slice(0, 40))}: expected endpoint or gateway`);
      }
      await runStepCommand(
        { step: 'kernel-modules' },
        {
          target: PLACEHOLDER_TARGET,
          from: options.from, remote: options,
          json: options.json === true,
          ...(options.role ? { role: { isGateway: options.role === 'gateway', basis: `--role ${options.role} (auditor)` } } : {}),
        },
      );
    });
}
