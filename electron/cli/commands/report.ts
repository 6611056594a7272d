import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { printReportPdf } from '../../report/printPdfHeadless';
import { defaultRendererRoot } from './serve';
import { UsageError } from '../errors';
import { assertBundle } from '../../evidence/read';

export function parsePaper(value: string | undefined): 'A4' | 'Letter' {
  if (value === undefined || value === 'A4' || value === 'a4') return 'A4';
  if (value === 'Letter' || value === 'letter') return 'Letter';
  throw new UsageError(`--paper must be A4 or Letter, got ${JSON.stringify(value.slice(0, 20))}`);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('render the PDF report of an audit folder (evidence bundle)')
    .argument('<dir>', 'the audit folder')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--paper <size>', 'A4 or Letter', 'A4')
    .action(async (dir: string, options: { out: string; paper?: string }) => {
      const paper = parsePaper(options.paper);
      try {
        assertBundle(dir);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (!existsSync(path.dirname(path.resolve(options.out)))) {
        throw new UsageError(`the folder of ${options.out} does not exist`);
      }
      await printReportPdf(dir, options.out, paper, defaultRendererRoot());
      process.stdout.write(`${path.resolve(options.out)}\n`);
    });
}
