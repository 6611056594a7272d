import path from 'node:path';
import { existsSync } from 'node:fs';
import { printReportPdf } from '../../report/printPdfHeadless';
import { defaultRendererRoot } from './serve';
import { UsageError } from '../errors';
import { assertBundle } from '../../evidence/read';
import { EvidenceError } from '../../evidence/errors';
import { BundleFileMissing } from '../../evidence/bundleFile';
import { terminalSafe } from '../terminalText';

export function parsePaper(value: string | undefined): 'A4' | 'Letter' {
  if (value === undefined || value === 'A4' || value === 'a4') return 'A4';
  if (value === 'Letter' || value === 'letter') return 'Letter';
  throw new UsageError(`--paper must be A4 or Letter, got ${JSON.stringify(value.slice(0, 20))}`);
}

export async function runReport(dir: string, options: { out: string; paper?: string; allowTampered?: boolean }): Promise<void> {
  const paper = parsePaper(options.paper);
  try {
    assertBundle(dir);
  } catch (error) {
    // Not a bundle at all is a usage error (2); a bundle the chokepoint refuses is not (1).
    if (error instanceof EvidenceError && !(error instanceof BundleFileMissing) && !/not an evidence bundle|no audit\.json/.test(error.message)) {
      throw new Error(terminalSafe(error.message));
    }
    throw new UsageError(terminalSafe((error as Error).message));
  }
  if (!existsSync(path.dirname(path.resolve(options.out)))) {
    throw new UsageError(`the folder of ${options.out} does not exist`);
  }
  try {
    await printReportPdf(dir, options.out, paper, defaultRendererRoot(), { allowTampered: options.allowTampered === true });
  } catch (error) {
    // Tampered (exit 1), refused bundle files, refused output: one line, names sanitised.
    throw new Error(terminalSafe(error instanceof Error ? error.message : String(error)));
  }
  process.stdout.write(`${path.resolve(options.out)}\n`);
}
