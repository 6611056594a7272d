import type { Command } from 'commander';
import {
  collectModules,
  modulesFromFiles,
  type ModulesResult,
} from '../../collectors/modules/collectModules';
import { InputFileError } from '../../collectors/logs/inputFile';
import { runOperation } from '../../ops/run';
import { UsageError } from '../errors';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function printText(result: ModulesResult): void {
  const { report } = result;
  const out: string[] = [];
  out.push(
    `kernel ${report.kernelRelease ?? 'release unknown'}   verdict: ${result.verdict.toUpperCase()}`,
  );
  out.push(`${'MODULE'.padEnd(18)} ${'STATE'.padEnd(10)} ${'SCOPE'.padEnd(9)} EVIDENCE`);
  for (const m of report.modules) {
    out.push(
      `${m.module.padEnd(18)} ${m.state.padEnd(10)} ${m.scope.padEnd(9)} ${m.evidence.join('; ') || '-'}`,
    );
  }
  const absent = report.modules.filter((m) => !m.present);
  if (absent.length > 0) {
    out.push('');
    for (const m of absent) out.push(`${m.module} ${m.state}: ${m.breaks}`);
  }
  if (report.helperSysctl) out.push('', `nf_conntrack_helper: ${report.helperSysctl.note}`);
  for (const p of report.problems) out.push(`note: ${p}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerModules(program: Command): void {
  program
    .command('modules')
    .description(
      'audit step 2: PPP/PPTP/GRE kernel modules and conntrack helpers (loaded, built-in, missing)',
    )
    .option(
      '--from <file>',
      'analyse a file instead of this machine (lsmod, /proc/modules, modules.builtin, config[.gz], sysctl output); repeatable',
      collect,
      [],
    )
    .option(
      '--role <role>',
      'endpoint or gateway (gateways also need nf_conntrack_pptp / nf_nat_pptp)',
      'endpoint',
    )
    .option('--json', 'print JSON')
    .action(async (options: { from: string[]; role: string; json?: boolean }) => {
      if (options.role !== 'endpoint' && options.role !== 'gateway') {
        throw new UsageError(
          `invalid --role ${JSON.stringify(options.role.slice(0, 40))}: expected endpoint or gateway`,
        );
      }
      let result: ModulesResult;
      try {
        result =
          options.from.length > 0
            ? await modulesFromFiles(options.from, options.role)
            : await collectModules((request) => runOperation(request), options.role);
      } catch (e) {
        if (e instanceof InputFileError) throw new UsageError(e.message);
        throw e;
      }
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printText(result);
    });
}
