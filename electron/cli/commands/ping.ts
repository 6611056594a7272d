import type { Command } from 'commander';
import type { TargetCliOptions } from '../stepRun/target';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT, MIN_PING_COUNT, PING_INTERVAL_S, PING_SIZE } from '../../../shared/steps/specs/latency';
import { UsageError } from '../errors';
import { parseNumberOption } from '../options';
import { addFromOption, runStepCommand } from '../stepRun/stepCommand';
import { targetFor } from '../stepRun/target';

export function registerPing(program: Command): void {
  const command = program
    .command('ping')
    .argument('[HOST]', 'IPv4 or IPv6 address of the far tunnel end')
    .description(`audit step 6: latency, loss, duplicates and RFC 3550 jitter (ping -i ${PING_INTERVAL_S} -s ${PING_SIZE}, exactly --count echoes)`)
    .option('-c, --count <n>', `echo requests (${MIN_PING_COUNT}-${MAX_PING_COUNT})`, String(DEFAULT_PING_COUNT));
  addFromOption(command, 'ping output, one or several runs')
    .option('--json', 'print JSON')
    .action(async (host: string | undefined, options: { count: string; from: string[]; json?: boolean } & TargetCliOptions) => {
      if ((host === undefined) === (options.from.length === 0)) throw new UsageError('give either HOST or --from FILE');
      const pingCount = parseNumberOption(options.count, '--count', MIN_PING_COUNT, MAX_PING_COUNT)!;
      if (!Number.isInteger(pingCount)) throw new UsageError('--count must be a whole number');
      await runStepCommand(
        { step: 'latency', keys: (key) => key === 'ping' },
        { target: targetFor({ remote: host }), options: { pingCount }, from: options.from, remote: options, json: options.json === true },
      );
    });
}
