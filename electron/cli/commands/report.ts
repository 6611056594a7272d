import type { Command } from 'commander';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('render the PDF report of an audit folder (evidence bundle)')
    .argument('<dir>', 'the audit folder')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--paper <size>', 'A4 or Letter', 'A4')
    .option('--allow-tampered', 'print a bundle that fails verification, marked "TAMPERED" on every page')
    .action(async (dir: string, options: { out: string; paper?: string; allowTampered?: boolean }) => {
      const { runReport } = await import('../actions/report');
      await runReport(dir, options);
    });
}
