import type { Command } from 'commander';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT, MIN_PING_COUNT, PING_INTERVAL_S, PING_SIZE } from '../../../shared/steps/specs/pingLimits';
import { addFromOption } from '../stepRun/fromOption';
import type { TargetCliOptions } from '../stepRun/targetOptions';

export function registerPing(program: Command): void {
  const command = program
    .command('ping')
    .argument('[HOST]', 'IPv4 or IPv6 address of the far tunnel end')
    .description(`audit step 6: latency, loss, duplicates and RFC 3550 jitter (ping -i ${PING_INTERVAL_S} -s ${PING_SIZE}, exactly --count echoes)`)
    .option('-c, --count <n>', `echo requests (${MIN_PING_COUNT}-${MAX_PING_COUNT})`, String(DEFAULT_PING_COUNT));
  addFromOption(command, 'ping output, one or several runs')
    .option('--json', 'print JSON')
    .action(async (host: string | undefined, options: { count: string; from: string[]; json?: boolean } & TargetCliOptions) => {
      const { runPing } = await import('../actions/stepCommands');
      await runPing(host, options);
    });
}
