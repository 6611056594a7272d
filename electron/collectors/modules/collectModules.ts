import type { OpRequest, OpResult } from '../../../shared/ops/catalogue';
import {
  analyseModules,
  modulesVerdict,
  type ModulesInput,
} from '../../../shared/analysis/modules';
import { parseKernelConfig, parseSysctl } from '../../../shared/parsers/kernelConfig';
import { parseLoadedModules, parseModulesBuiltin } from '../../../shared/parsers/procModules';
import type { ModulesReport } from '../../../shared/model/modules';
import { readInputFile } from '../logs/inputFile';

/** Runs one catalogue operation (runOperation, a Runner, or a test double). */
export type RunOp = (request: OpRequest) => Promise<OpResult>;

export interface EvidenceRef {
  op: string;
  argv: string[];
  exitCode: number | null;
  outputSha256: string;
  error: string | null;
}

export interface ModulesResult {
  report: ModulesReport;
  verdict: 'pass' | 'warn' | 'fail';
  evidence: EvidenceRef[];
  /** Files given with --from and what each was read as. */
  inputs: Array<{ path: string; kind: string }>;
}

export const HELPER_SYSCTL = 'net.netfilter.nf_conntrack_helper';

export function evidenceOf(r: OpResult): EvidenceRef {
  return {
    op: r.op,
    argv: r.argv,
    exitCode: r.exitCode,
    outputSha256: r.outputSha256,
    error: r.error ?? null,
  };
}

/** Step 2 live: /proc/modules, modules.builtin, kernel config and the helper sysctl. */
export async function collectModules(
  run: RunOp,
  role: 'endpoint' | 'gateway' = 'endpoint',
): Promise<ModulesResult> {
  const [list, builtin, config, sysctl] = await Promise.all([
    run({ op: 'modules.list' }),
    run({ op: 'modules.builtin' }),
    run({ op: 'kernel.config' }),
    run({ op: 'sysctl.read', key: HELPER_SYSCTL }),
  ]);
  const input: ModulesInput = {
    // No /proc/modules means a kernel without module support: nothing is loaded, all is built in or absent.
    loaded: list.error
      ? /no such file|does not exist/i.test(list.error)
        ? []
        : null
      : parseLoadedModules(list.stdout).modules,
    builtin: builtin.error ? null : parseModulesBuiltin(builtin.stdout),
    config: config.error ? null : parseKernelConfig(config.stdout),
    helperSysctl: sysctl.error
      ? { key: HELPER_SYSCTL, value: null, error: sysctl.error }
      : parseSysctl(sysctl.stdout, HELPER_SYSCTL),
  };
  const report = analyseModules(input);
  return {
    report,
    verdict: modulesVerdict(report, role),
    evidence: [list, builtin, config, sysctl].map(evidenceOf),
    inputs: [],
  };
}

/** What a handed-over file is, judged from its content. */
export function classifyModulesFile(
  text: string,
): 'loaded' | 'builtin' | 'config' | 'sysctl' | 'empty' | 'unknown' {
  if (text.trim() === '') return 'empty';
  if (/^(?:CONFIG_\w+=|# CONFIG_\w+ is not set)/m.test(text)) return 'config';
  if (
    /^Module\s+Size\s+Used by/m.test(text) ||
    /^\S+ \d+ (?:\d+|-) \S+ (?:Live|Loading|Unloading)\b/m.test(text)
  )
    return 'loaded';
  if (/^(?:kernel\/)?\S+\.ko(?:\.\w+)?$/m.test(text)) return 'builtin';
  if (
    new RegExp(`${HELPER_SYSCTL.replace(/\./g, '\\.')}|cannot stat /proc/sys/net/netfilter`).test(
      text,
    )
  )
    return 'sysctl';
  return 'unknown';
}

/** Step 2 from files a site engineer sent: any mix of lsmod, /proc/modules, modules.builtin, config, sysctl. */
export async function modulesFromFiles(
  paths: string[],
  role: 'endpoint' | 'gateway' = 'endpoint',
): Promise<ModulesResult> {
  const input: ModulesInput = { loaded: null, builtin: null, config: null, helperSysctl: null };
  const inputs: ModulesResult['inputs'] = [];
  for (const path of paths) {
    const file = await readInputFile(path);
    const kind = classifyModulesFile(file.text);
    inputs.push({ path, kind });
    if (kind === 'loaded')
      input.loaded = [...(input.loaded ?? []), ...parseLoadedModules(file.text).modules];
    else if (kind === 'builtin')
      input.builtin = [...(input.builtin ?? []), ...parseModulesBuiltin(file.text)];
    else if (kind === 'config') input.config = parseKernelConfig(file.text);
    else if (kind === 'sysctl') input.helperSysctl = parseSysctl(file.text, HELPER_SYSCTL);
  }
  const report = analyseModules(input);
  for (const i of inputs) {
    if (i.kind === 'unknown')
      report.problems.push(
        `${i.path}: not recognised as lsmod, /proc/modules, modules.builtin, kernel config or sysctl output`,
      );
    if (i.kind === 'empty') report.problems.push(`${i.path}: empty file`);
  }
  return { report, verdict: modulesVerdict(report, role), evidence: [], inputs };
}
