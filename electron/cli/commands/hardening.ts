import type { Command } from 'commander';
import type { TargetCliOptions } from '../stepRun/target';
import { addFromOption, runStepCommand } from '../stepRun/stepCommand';
import { PLACEHOLDER_TARGET } from '../stepRun/target';
import { LOG_KEYS } from './logs';

export function registerHardening(program: Command): void {
  const command = program
    .command('hardening')
    .description('audit step 5, settings: TCP 1723 allowlist, GRE accept order, conntrack helper, MSS clamp, pppd MPPE/auth options, chap-secrets (lengths only)');
  addFromOption(command, 'iptables-save, iptables -S, iptables -L -n -v, nft list ruleset, pppd options')
    .option('--json', 'print JSON')
    .action(async (options: { from: string[]; json?: boolean } & TargetCliOptions) => {
      await runStepCommand({ step: 'logs', keys: (key) => !LOG_KEYS(key) }, { target: PLACEHOLDER_TARGET, from: options.from, remote: options, json: options.json === true });
    });
}
