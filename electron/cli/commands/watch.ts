import type { Command } from 'commander';
import type { WatchOptions } from '../actions/watch';
import { addTargetOptions } from '../stepRun/targetOptions';

export function registerWatch(program: Command): void {
  const command = program
    .command('watch')
    .description('sample an interface\'s counters (/proc/net/dev) and print throughput')
    .option('--iface <name>', 'interface to watch, e.g. ppp0')
    .option('--interval <seconds>', 'sampling interval, 0.1 to 10 s', '0.5')
    .option('--duration <seconds>', 'stop after this many seconds (default: until Ctrl-C)')
    .option('--link-speed <mbps>', 'capacity of the carrier link in Mbit/s, for utilisation')
    .option('--json', 'print one JSON object per sample (JSON lines)');
  addTargetOptions(command)
    .action(async (options: WatchOptions) => {
      const { runWatch } = await import('../actions/watch');
      await runWatch(options);
    });
}
