import type { Command } from 'commander';
import { addFromOption } from '../stepRun/fromOption';
import type { TargetCliOptions } from '../stepRun/targetOptions';

export function registerLogs(program: Command): void {
  const command = program
    .command('logs')
    .description('audit step 5: pppd/pptpd journal and syslog lines (MPPE, LCP timeouts, CHAP, connect/terminate), judged by the findings engine');
  addFromOption(command, 'journalctl -o json, syslog/messages, OpenWrt logread, pppd logfile')
    .option('--json', 'print JSON')
    .action(async (options: { from: string[]; json?: boolean } & TargetCliOptions) => {
      const { runLogs } = await import('../actions/stepCommands');
      await runLogs(options);
    });
}
