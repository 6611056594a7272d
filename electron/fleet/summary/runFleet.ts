import path from 'node:path';
import { existsSync } from 'node:fs';
import { figuresTrusted } from '../../../shared/fleet';
import { isDirectory } from '../../evidence/verify';
import { UsageError } from '../../cli/errors';
import { terminalSafe } from '../../cli/terminalText';
import { defaultRendererRoot } from '../../cli/actions/serve';
import { parsePaper } from '../../cli/actions/report';
import { formatFleetText } from './formatText';
import { printFleetPdf } from './printFleetPdf';
import { readFleet } from './readFleet';

export interface FleetCliOptions {
  json?: boolean;
  pdf?: string;
  /** A4 or Letter (checked here). */
  paper?: string;
}

/**
 * `pptp-auditor fleet DIR…`: one table of many bundles. Exit 0 when every bundle verifies,
 * 1 when any fails verification or is no bundle (its row says so), 2 on usage errors.
 */
export async function runFleet(dirs: string[], options: FleetCliOptions): Promise<void> {
  const paper = parsePaper(options.paper);
  for (const dir of dirs) if (!isDirectory(dir)) throw new UsageError(`${terminalSafe(JSON.stringify(dir.slice(0, 200)))} is not a folder`);
  if (options.pdf !== undefined && !existsSync(path.dirname(path.resolve(options.pdf)))) {
    throw new UsageError(`the folder of ${terminalSafe(options.pdf)} does not exist`);
  }
  const summary = readFleet(dirs);
  if (options.pdf !== undefined) {
    try {
      await printFleetPdf(summary, options.pdf, paper, defaultRendererRoot());
    } catch (error) {
      throw new Error(terminalSafe(error instanceof Error ? error.message : String(error)));
    }
  }
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatFleetText(summary));
  if (options.pdf !== undefined && !options.json) process.stdout.write(`PDF: ${terminalSafe(path.resolve(options.pdf))}\n`);
  process.exitCode = summary.rows.every((r) => figuresTrusted(r.integrity)) ? 0 : 1;
}
