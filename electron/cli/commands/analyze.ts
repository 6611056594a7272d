import type { Command } from 'commander';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description(
      'Decode a pcap/pcapng capture: PPTP control, GRE loss, PPP/MPPE encryption verdict, authentication, overhead, GRE blockage',
    )
    .argument('<file>', 'capture file (pcap or pcapng, e.g. written by tcpdump)')
    .option('--json', 'print one JSON object instead of the summary')
    .action(async (file: string, options: { json?: boolean }) => {
      const { runAnalyze } = await import('../actions/analyze');
      runAnalyze(file, options);
    });
}
