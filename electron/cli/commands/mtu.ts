import type { Command } from 'commander';
import type { TargetCliOptions } from '../stepRun/target';
import { UsageError } from '../errors';
import { addFromOption, runStepCommand } from '../stepRun/stepCommand';
import { targetFor } from '../stepRun/target';

export function registerMtu(program: Command): void {
  const command = program
    .command('mtu')
    .argument('[HOST]', 'IPv4 or IPv6 address of the far tunnel end')
    .description('audit step 6: DF path-MTU probe inside the tunnel (ping -M do -I IFACE, payload bisected) and the MTU/MSS to set')
    .option('-I, --iface <name>', 'the tunnel interface the probe is bound to (e.g. ppp0)');
  addFromOption(command, 'ping -M do output, one run per probed size')
    .option('--json', 'print JSON')
    .action(async (host: string | undefined, options: { iface?: string; from: string[]; json?: boolean } & TargetCliOptions) => {
      if ((host === undefined) === (options.from.length === 0)) throw new UsageError('give either HOST (with --iface) or --from FILE');
      if (host !== undefined && options.iface === undefined) throw new UsageError('--iface is required: the probe measures the path inside the tunnel');
      await runStepCommand(
        { step: 'latency', keys: (key) => key === 'pmtu' },
        { target: targetFor({ remote: host, iface: options.iface }), from: options.from, remote: options, json: options.json === true },
      );
    });
}
