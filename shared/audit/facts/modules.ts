import type { ModuleFacts } from '../../findings/facts';
import { PPTP_MODULES } from '../../analysis/modules';
import { parseKernelConfig, parseSysctl } from '../../parsers/kernelConfig';
import { isFilteredModuleList, parseLoadedModules, parseModulesBuiltin } from '../../parsers/procModules';
import { FactsInputError } from './errors';
import { firstLine, splitLines } from './lines';
import { requireKind } from './recognised';

export interface ModulesInputTexts {
  /** /proc/modules or lsmod output. */
  procModules: string;
  /** /lib/modules/$(uname -r)/modules.builtin. */
  builtin?: string;
  /** /proc/config.gz (decompressed) or /boot/config-$(uname -r). */
  kernelConfig?: string;
  /** `sysctl net.netfilter.nf_conntrack_helper` (or several keys, one "key = value" a line). */
  sysctls?: string;
  /** `sysctl net.ipv4.ip_forward` (may also be part of `sysctls`). */
  ipForward?: string;
}

/** Bundle-relative names of the files the texts came from (cited as evidence). */
export interface ModulesInputFiles {
  procModules: string;
  builtin?: string;
  kernelConfig?: string;
  sysctls?: string;
  ipForward?: string;
}

export interface ModulesFactsOptions {
  /** The auditor's word on the host's role, used when ip_forward was not read. */
  role?: { isGateway: boolean; basis: string };
}

const HELPER_KEY = 'net.netfilter.nf_conntrack_helper';
const FORWARD_KEY = 'net.ipv4.ip_forward';

const keyLine = (text: string, key: string) =>
  firstLine(text, (l) => {
    const m = /^\s*([\w./-]+)\s*=/.exec(l);
    return m !== null && (m[1] === key || m[1]?.replace(/\//g, '.') === key);
  });

/** Step 2: module lists, kernel config and sysctls → ModuleFacts (with the line of each module). */
export function modulesFacts(input: ModulesInputTexts, files: ModulesInputFiles, options: ModulesFactsOptions = {}): ModuleFacts {
  // A kernel without module support has no /proc/modules (lsmod prints nothing): then the
  // built-in list or the kernel config alone says what is there.
  const monolithicOk = input.builtin !== undefined || input.kernelConfig !== undefined;
  const emptyList = input.procModules.trim() === '';
  if (emptyList && !monolithicOk) throw new FactsInputError(files.procModules, 'the module list is empty (and no modules.builtin or kernel config was read)');
  if (!emptyList) requireKind(input.procModules, files.procModules, ['proc-modules', 'lsmod'] as const);
  const loaded = emptyList ? { modules: [] } : parseLoadedModules(input.procModules);
  if (!emptyList && loaded.modules.length === 0) throw new FactsInputError(files.procModules, 'no line reads as /proc/modules or lsmod output');
  if (input.builtin !== undefined && files.builtin && input.builtin.trim() !== '') requireKind(input.builtin, files.builtin, ['modules-builtin'] as const);
  if (input.kernelConfig !== undefined && files.kernelConfig && input.kernelConfig.trim() !== '') {
    requireKind(input.kernelConfig, files.kernelConfig, ['kernel-config'] as const);
  }
  // A bare /proc/sys value ("1") carries no key to recognise; anything longer must read as sysctl.
  if (input.sysctls !== undefined && files.sysctls && !/^\s*-?\w+\s*$/.test(input.sysctls)) requireKind(input.sysctls, files.sysctls, ['sysctl'] as const);
  // `lsmod | grep ppp` (no header): a module missing from it may well be loaded.
  const partialList = !emptyList && isFilteredModuleList(input.procModules);

  const present: ModuleFacts['present'] = [];
  const seen = new Set<string>();
  const procLines = splitLines(input.procModules);
  const lineOfModule = new Map<string, number>();
  procLines.forEach((l, i) => {
    const name = /^\s*(\S+)/.exec(l)?.[1];
    if (name && !lineOfModule.has(name)) lineOfModule.set(name, i + 1);
  });
  for (const m of loaded.modules) {
    if (seen.has(m.name)) continue;
    seen.add(m.name);
    present.push({ name: m.name, how: 'loaded', file: files.procModules, line: lineOfModule.get(m.name) });
  }

  if (input.builtin !== undefined && files.builtin) {
    const names = parseModulesBuiltin(input.builtin);
    const builtinLines = splitLines(input.builtin);
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      const idx = builtinLines.findIndex((l) => new RegExp(`/${name.replace(/_/g, '[-_]')}\\.ko`).test(l));
      present.push({ name, how: 'builtin', file: files.builtin, line: idx >= 0 ? idx + 1 : undefined });
    }
  }

  if (input.kernelConfig !== undefined && files.kernelConfig) {
    const config = parseKernelConfig(input.kernelConfig);
    for (const spec of PPTP_MODULES) {
      if (config.values[spec.config] !== 'y' || seen.has(spec.module)) continue;
      seen.add(spec.module);
      present.push({
        name: spec.module,
        how: 'builtin',
        file: files.kernelConfig,
        line: firstLine(input.kernelConfig, (l) => l.trim() === `${spec.config}=y`),
      });
    }
  }

  // Absence from /proc/modules proves nothing when the module could be built in and neither
  // modules.builtin nor the kernel config was read: such modules are undetermined, not missing.
  // A filtered list cannot prove a module unloaded either: only "# CONFIG_X is not set" can.
  const canProveAbsence = input.builtin !== undefined || input.kernelConfig !== undefined;
  const configValues = input.kernelConfig !== undefined ? parseKernelConfig(input.kernelConfig).values : {};
  const absent = PPTP_MODULES.filter((spec) => ![spec.module, ...spec.aliases].some((n) => seen.has(n)));
  const undetermined = !canProveAbsence
    ? absent.map((s) => s.module)
    : partialList
      ? absent.filter((spec) => (configValues[spec.config] ?? 'n') !== 'n' || input.kernelConfig === undefined).map((s) => s.module)
      : [];

  let conntrackHelperSysctl: ModuleFacts['conntrackHelperSysctl'] = null;
  if (input.sysctls !== undefined && files.sysctls) {
    const v = parseSysctl(input.sysctls, HELPER_KEY);
    const n = v.value === null ? NaN : Number(v.value.trim());
    if (Number.isInteger(n)) conntrackHelperSysctl = { value: n, file: files.sysctls, line: keyLine(input.sysctls, HELPER_KEY) };
  }

  let gateway: ModuleFacts['gateway'] = null;
  // ipForward may be a bare /proc/sys value ("1"); in the shared sysctls text only an explicit
  // "net.ipv4.ip_forward = N" line counts (a bare value there is the helper's).
  const forwardSources: Array<[string | undefined, string | undefined, boolean]> = [
    [input.ipForward, files.ipForward, true],
    [input.sysctls, files.sysctls, false],
  ];
  for (const [text, file, bareAllowed] of forwardSources) {
    if (text === undefined || !file || gateway) continue;
    if (!bareAllowed && keyLine(text, FORWARD_KEY) === undefined) continue;
    const v = parseSysctl(text, FORWARD_KEY);
    if (v.value === null || !/^[01]$/.test(v.value.trim())) continue;
    const on = v.value.trim() === '1';
    gateway = { isGateway: on, basis: `${FORWARD_KEY} = ${v.value.trim()}${on ? ' (this host forwards IPv4)' : ''}`, file, line: keyLine(text, FORWARD_KEY) };
  }
  if (!gateway && options.role) gateway = { isGateway: options.role.isGateway, basis: options.role.basis };

  const facts: ModuleFacts = { source: files.procModules, present, conntrackHelperSysctl, gateway };
  if (undetermined.length > 0) facts.undetermined = undetermined;
  return facts;
}
