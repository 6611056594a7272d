import type { Command } from 'commander';
import { addFromOption } from '../stepRun/fromOption';
import type { TargetCliOptions } from '../stepRun/targetOptions';

export function registerHardening(program: Command): void {
  const command = program
    .command('hardening')
    .description('audit step 5, settings: TCP 1723 allowlist, GRE accept order, conntrack helper, MSS clamp, pppd MPPE/auth options, chap-secrets (lengths only)');
  addFromOption(command, 'iptables-save, iptables -S, iptables -L -n -v, nft list ruleset, pppd options')
    .option('--json', 'print JSON')
    .action(async (options: { from: string[]; json?: boolean } & TargetCliOptions) => {
      const { runHardening } = await import('../actions/stepCommands');
      await runHardening(options);
    });
}
