import path from 'node:path';
import type { Command } from 'commander';
import { parsePromDuration } from '../../../shared/baseline/promDuration';
import { UsageError } from '../errors';

interface BaselineCliOptions {
  prometheus: string;
  instance: string;
  device: string;
  range: string;
  step?: string;
  end?: string;
  bearerTokenFile?: string;
  basicAuthFile?: string;
  caFile?: string;
  json?: boolean;
  out?: string;
}

/** A point in time: RFC 3339 or seconds since the epoch. */
function parseEnd(raw: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Date.parse(raw) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--end must be RFC 3339 or seconds since the epoch, got ${JSON.stringify(raw.slice(0, 40))}`);
  return seconds;
}

export function registerBaseline(program: Command): void {
  program
    .command('baseline')
    .description("long-term baseline of a tunnel from Prometheus (node_exporter's counters): per-hour and per-day percentiles, re-creations, gaps")
    .requiredOption('--prometheus <url>', 'Prometheus base URL, e.g. https://prom.example:9090/')
    .requiredOption('--instance <instance>', "the node_exporter target as Prometheus labels it, e.g. gw1:9100")
    .option('--device <name>', 'tunnel interface', 'ppp0')
    .option('--range <duration>', 'history to import, ending now (or at --end): 30d, 12h…', '30d')
    .option('--step <duration>', 'resolution; at least the scrape interval (default 60s)')
    .option('--end <time>', 'end of the range: RFC 3339 or seconds since the epoch (default: now)')
    .option('--bearer-token-file <file>', 'file holding a bearer token')
    .option('--basic-auth-file <file>', 'file holding user:password')
    .option('--ca-file <file>', "PEM of the CA that signed Prometheus' certificate")
    .option('--json', 'print the baseline as JSON')
    .option('--out <file>', 'write the baseline (JSON) to this file, e.g. to attach it to an audit with --baseline-file')
    .action(async (o: BaselineCliOptions) => {
      const rangeSeconds = parsePromDuration(o.range);
      if (rangeSeconds === null) throw new UsageError(`--range must be a duration like 30d or 12h, got ${JSON.stringify(o.range.slice(0, 40))}`);
      const stepSeconds = o.step === undefined ? 60 : parsePromDuration(o.step);
      if (stepSeconds === null || stepSeconds < 1) throw new UsageError(`--step must be a duration of at least 1s, got ${JSON.stringify(String(o.step).slice(0, 40))}`);
      if (rangeSeconds < stepSeconds * 2) throw new UsageError('--range must span at least two steps');
      if (rangeSeconds / stepSeconds > 5_000_000) throw new UsageError('--range / --step is more than 5,000,000 points: use a larger --step');
      // Loaded here, not at the top: ifaceName pulls zod (1 MB, 95 files) into every CLI start (issue 14).
      const { ifaceNameProblem } = await import('../../../shared/model/ifaceName');
      const deviceProblem = ifaceNameProblem(o.device);
      if (deviceProblem) throw new UsageError(`--device: ${deviceProblem}`);
      if (o.instance === '' || o.instance.length > 256) throw new UsageError('--instance must be 1 to 256 characters');
      const end = o.end === undefined ? undefined : parseEnd(o.end);

      const { readPromAuth, CredentialRefused } = await import('../../fleet/prometheus/credentials');
      const { importLongTermBaseline } = await import('../../fleet/prometheus/importBaseline');
      const { PrometheusRefused } = await import('../../fleet/prometheus/client');
      const { writeOutputFile, OutputRefused } = await import('../../evidence/safeWrite');
      const { formatLongTermBaseline } = await import('../../../shared/baseline/longTermText');
      const { terminalSafe } = await import('../terminalText');
      let baseline;
      try {
        const auth = readPromAuth({ bearerTokenFile: o.bearerTokenFile, basicAuthFile: o.basicAuthFile });
        baseline = await importLongTermBaseline({
          url: o.prometheus,
          auth,
          caFile: o.caFile,
          instance: o.instance,
          device: o.device,
          rangeSeconds,
          stepSeconds,
          end,
          onChunk: (done, total) => {
            if (!o.json && total > 1) process.stderr.write(`imported chunk ${done} of ${total}\n`);
          },
        });
        if (o.out !== undefined) writeOutputFile(path.resolve(o.out), `${JSON.stringify(baseline)}\n`);
      } catch (error) {
        if (error instanceof CredentialRefused || error instanceof PrometheusRefused || error instanceof OutputRefused) {
          throw new UsageError(terminalSafe(error.message));
        }
        throw error;
      }
      process.stdout.write(o.json ? `${JSON.stringify(baseline, null, 2)}\n` : formatLongTermBaseline(baseline, terminalSafe));
    });
}
