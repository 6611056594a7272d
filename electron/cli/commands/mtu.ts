import type { Command } from 'commander';
import { probeMtu, type MtuProbeRun } from '../../collectors/mtu/probeMtu';
import { hostProblem } from '../../collectors/ping/runPing';
import { runOperation } from '../../ops/run';
import { ifaceNameProblem } from '../../../shared/model/ifaceName';
import { PAYLOAD_LIMIT } from '../../../shared/analysis/mtuProbe';
import { UsageError } from '../errors';

function payload(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) > PAYLOAD_LIMIT) {
    throw new UsageError(
      `invalid ${name} ${JSON.stringify(text.slice(0, 40))}: expected a payload size from 0 to ${PAYLOAD_LIMIT}`,
    );
  }
  return Number(text);
}

function printText(run: MtuProbeRun): void {
  const r = run.result;
  const out = [
    `largest DF payload ${r.largestPayload ?? '-'} bytes -> path MTU ${r.pathMtu ?? '-'} (${r.probes} probes${r.exact ? '' : ', not exact'})`,
    `recommended ppp MTU ${r.recommendedMtu ?? '-'}, TCP MSS ${r.recommendedMss ?? '-'}`,
    r.recommendation,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerMtu(program: Command): void {
  program
    .command('mtu')
    .argument('<HOST>', 'IPv4 or IPv6 address of the far tunnel end')
    .description('audit step 6: DF path-MTU probe (ping -M do, bisection) and the MTU/MSS to set')
    .option('--min <bytes>', 'smallest payload to try (default 548 IPv4, 1232 IPv6)')
    .option('--max <bytes>', 'largest payload to try (default 1472 IPv4, 1452 IPv6)')
    .option('-I, --iface <name>', 'send through this interface (e.g. ppp0)')
    .option('--json', 'print JSON')
    .action(
      async (
        host: string,
        options: { min?: string; max?: string; iface?: string; json?: boolean },
      ) => {
        const problem =
          hostProblem(host) ??
          (options.iface !== undefined ? ifaceNameProblem(options.iface) : null);
        if (problem) throw new UsageError(problem);
        const minPayload = payload('--min', options.min);
        const maxPayload = payload('--max', options.max);
        if (minPayload !== undefined && maxPayload !== undefined && minPayload > maxPayload)
          throw new UsageError('--min must not be larger than --max');
        let run: MtuProbeRun;
        try {
          run = await probeMtu(
            (request) => runOperation(request),
            {
              target: host,
              ...(minPayload !== undefined ? { minPayload } : {}),
              ...(maxPayload !== undefined ? { maxPayload } : {}),
              ...(options.iface !== undefined ? { iface: options.iface } : {}),
            },
            options.json
              ? undefined
              : (p) =>
                  process.stdout.write(
                    `probe ${String(p.payload).padStart(5)} bytes: ${p.passed ? 'passes' : 'fails'}${p.reportedMtu !== null ? ` (mtu ${p.reportedMtu} reported)` : ''}\n`,
                  ),
          );
        } catch (e) {
          if (e instanceof RangeError) throw new UsageError(e.message);
          throw e;
        }
        if (options.json) process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
        else printText(run);
      },
    );
}
