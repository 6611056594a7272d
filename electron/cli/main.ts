import { Command, CommanderError } from 'commander';
import { commandRegistrations } from './commands/index';
import { UsageError } from './errors';

async function main(argv: string[]): Promise<number> {
  const program = new Command('pptp-auditor')
    .description('Measure and judge legacy PPTP tunnels: throughput, wire analysis, audit and report.')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of commandRegistrations) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`pptp-auditor: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`pptp-auditor: ${message}\n`);
    return 1;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pptp-auditor: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
