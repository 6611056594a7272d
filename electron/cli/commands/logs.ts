import type { Command } from 'commander';
import type { TargetCliOptions } from '../stepRun/target';
import { addFromOption, runStepCommand } from '../stepRun/stepCommand';
import { PLACEHOLDER_TARGET } from '../stepRun/target';

/** The log reads of step 5 (its settings reads are `hardening`). */
export const LOG_KEYS = (key: string) => key.startsWith('journal-') || key.startsWith('log:');

export function registerLogs(program: Command): void {
  const command = program
    .command('logs')
    .description('audit step 5: pppd/pptpd journal and syslog lines (MPPE, LCP timeouts, CHAP, connect/terminate), judged by the findings engine');
  addFromOption(command, 'journalctl -o json, syslog/messages, OpenWrt logread, pppd logfile')
    .option('--json', 'print JSON')
    .action(async (options: { from: string[]; json?: boolean } & TargetCliOptions) => {
      await runStepCommand({ step: 'logs', keys: LOG_KEYS }, { target: PLACEHOLDER_TARGET, from: options.from, remote: options, json: options.json === true });
    });
}
