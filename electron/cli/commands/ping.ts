import type { Command } from 'commander';
import { InputFileError } from '../../collectors/logs/inputFile';
import {
  PING_DEFAULTS,
  pingFromFile,
  pingSettingsProblem,
  runPing,
  type PingResult,
  type PingSettings,
} from '../../collectors/ping/runPing';
import { runOperation } from '../../ops/run';
import { ifaceNameProblem } from '../../../shared/model/ifaceName';
import { UsageError } from '../errors';

function number(name: string, text: string): number {
  if (!/^\d{1,6}(?:\.\d{1,3})?$/.test(text))
    throw new UsageError(`invalid ${name} ${JSON.stringify(text.slice(0, 40))}: expected a number`);
  return Number(text);
}

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '-' : `${v.toFixed(3)} ms`;

function printSummary(result: PingResult): void {
  const r = result.report;
  const out = [
    `target ${r.target ?? '-'}  payload ${r.payloadBytes ?? '-'} bytes  (${r.source === 'summary' ? "ping's summary" : 'recomputed from replies'})`,
    `sent ${r.transmitted}  received ${r.received}  lost ${r.lost} (${r.lossPercent}%)  duplicates ${r.duplicates}  errors ${r.errors}`,
    `rtt min/avg/max/mdev ${r.rtt ? `${r.rtt.minMs}/${r.rtt.avgMs}/${r.rtt.maxMs}/${r.rtt.mdevMs} ms` : '-'}`,
    `jitter (RFC 3550) ${ms(r.jitterMs)}  mean |ΔRTT| ${ms(r.meanDeltaMs)}`,
  ];
  if (r.reportedPathMtu !== null)
    out.push(`path MTU reported by ICMP/local errors: ${r.reportedPathMtu}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerPing(program: Command): void {
  program
    .command('ping')
    .argument('[HOST]', 'IPv4 or IPv6 address of the far tunnel end')
    .description(
      `audit step 6: latency, loss, duplicates and RFC 3550 jitter (default -i ${PING_DEFAULTS.intervalS} -s ${PING_DEFAULTS.size} -c ${PING_DEFAULTS.count})`,
    )
    .option('-c, --count <n>', 'echo requests (1-10000)', String(PING_DEFAULTS.count))
    .option(
      '-i, --interval <seconds>',
      'seconds between requests (>= 0.2)',
      String(PING_DEFAULTS.intervalS),
    )
    .option('-s, --size <bytes>', 'payload bytes (0-65507)', String(PING_DEFAULTS.size))
    .option('-I, --iface <name>', 'send through this interface (e.g. ppp0)')
    .option('--from <file>', 'analyse a saved ping output instead of pinging')
    .option('--json', 'print JSON')
    .action(
      async (
        host: string | undefined,
        options: {
          count: string;
          interval: string;
          size: string;
          iface?: string;
          from?: string;
          json?: boolean;
        },
      ) => {
        let result: PingResult;
        if (options.from !== undefined) {
          if (host !== undefined) throw new UsageError('give either HOST or --from FILE, not both');
          try {
            result = await pingFromFile(options.from);
          } catch (e) {
            if (e instanceof InputFileError) throw new UsageError(e.message);
            throw e;
          }
        } else {
          if (host === undefined)
            throw new UsageError('missing HOST (an IPv4 or IPv6 address), or --from FILE');
          const settings: PingSettings = {
            target: host,
            count: number('--count', options.count),
            intervalS: number('--interval', options.interval),
            size: number('--size', options.size),
            ...(options.iface !== undefined ? { iface: options.iface } : {}),
          };
          const problem =
            pingSettingsProblem(settings) ??
            (options.iface !== undefined ? ifaceNameProblem(options.iface) : null);
          if (problem) throw new UsageError(problem);
          const live = !options.json;
          result = await runPing(
            (request, onLine) => runOperation(request, onLine ? { onLine } : {}),
            settings,
            live ? (line) => process.stdout.write(`${line.line}\n`) : undefined,
          );
          if (live) process.stdout.write('\n');
        }
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else printSummary(result);
        if (result.error) {
          process.stderr.write(`pptp-auditor: ${result.error}\n`);
          process.exitCode = 1;
        }
      },
    );
}
