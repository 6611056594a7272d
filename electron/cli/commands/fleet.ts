import type { Command } from 'commander';

/** `pptp-auditor fleet DIR…`: the reading, printing and summarising load only when it runs. */
export function registerFleet(program: Command): void {
  program
    .command('fleet')
    .description('Summarise many evidence bundles in one table, worst risk first: text, --json or --pdf (exit 0 all verify, 1 any fails, 2 usage)')
    .argument('<dirs...>', 'evidence bundle folders (e.g. fleet/*/*, as fetched by build/ansible)')
    .option('--json', 'print the summary as JSON')
    .option('--pdf <file.pdf>', 'also write the table as a PDF')
    .option('--paper <size>', 'A4 or Letter (landscape)', 'A4')
    .action(async (dirs: string[], options: { json?: boolean; pdf?: string; paper?: string }) => {
      const { runFleet } = await import('../../fleet/summary/runFleet');
      await runFleet(dirs, { json: options.json, pdf: options.pdf, paper: options.paper });
    });
}
