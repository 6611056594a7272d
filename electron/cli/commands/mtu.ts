import type { Command } from 'commander';
import { addFromOption } from '../stepRun/fromOption';
import type { TargetCliOptions } from '../stepRun/targetOptions';

export function registerMtu(program: Command): void {
  const command = program
    .command('mtu')
    .argument('[HOST]', 'IPv4 or IPv6 address of the far tunnel end')
    .description('audit step 6: DF path-MTU probe inside the tunnel (ping -M do -I IFACE, payload bisected) and the MTU/MSS to set')
    .option('-I, --iface <name>', 'the tunnel interface the probe is bound to (e.g. ppp0)');
  addFromOption(command, 'ping -M do output, one run per probed size')
    .option('--json', 'print JSON')
    .action(async (host: string | undefined, options: { iface?: string; from: string[]; json?: boolean } & TargetCliOptions) => {
      const { runMtu } = await import('../actions/stepCommands');
      await runMtu(host, options);
    });
}
