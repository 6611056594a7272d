import { displayArgv } from '../checklist/shellQuote';
import { parseOpRequest, type OpName, type OpRequest } from '../ops/catalogue';
import { planArgv, planOperation } from '../ops/plan';
import type { PlannedCommand } from './types';

/** Operations that only root (the sudo helper) can run. */
const PRIVILEGED_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'capture.start',
  'capture.stop',
  'logs.journal',
  'logs.file',
  'firewall.iptables',
  'firewall.iptablesLegacy',
  'firewall.nft',
  'ppp.chapSecrets',
  'ppp.options',
  'sockets.listening',
]);

/**
 * The line an auditor reads for an argv. A fixed-file read by the helper is shown as the
 * `cat` (or `zcat` for a .gz) it is equivalent to; everything else is the argv itself, quoted.
 * The evidence records the same line beside the argv, so screen and record cannot drift.
 */
export function displayOfArgv(argv: readonly string[]): string {
  if (argv[0] === 'read' && argv.length >= 2) {
    const files = argv.slice(1).filter((a) => a.startsWith('/'));
    const tail = argv.slice(1).filter((a) => !a.startsWith('/'));
    const tool = files.length === 1 && files[0]!.endsWith('.gz') ? 'zcat' : 'cat';
    return `${displayArgv([tool, ...files])}${tail.length > 0 ? `  # ${tail.join(' ')}` : ''}`;
  }
  return displayArgv(argv);
}

/** A catalogue operation: the request is validated and planned exactly as the runner will. */
export function opCommand(
  key: string,
  purpose: string,
  raw: Record<string, unknown>,
  options: { kernelRelease?: string; repeats?: string } = {},
): PlannedCommand {
  const parsed = parseOpRequest(raw);
  if (!parsed.ok) throw new Error(`step plan built an invalid ${String(raw.op)} request: ${parsed.error}`);
  return fromRequest(key, purpose, parsed.request, options);
}

export function fromRequest(
  key: string,
  purpose: string,
  request: OpRequest,
  options: { kernelRelease?: string; repeats?: string } = {},
): PlannedCommand {
  const argv = planArgv(planOperation(request, { kernelRelease: options.kernelRelease ?? 'unknown' }));
  return {
    key,
    purpose,
    request,
    argv,
    display: displayOfArgv(argv),
    privileged: PRIVILEGED_OPS.has(request.op),
    unavailable: null,
    repeats: options.repeats ?? null,
  };
}

/** A read the collector does in-process (procfs, sysfs): recorded with this argv, never a runner op. */
export function inProcessRead(key: string, purpose: string, argv: string[]): PlannedCommand {
  return { key, purpose, request: null, argv, display: displayOfArgv(argv), privileged: false, unavailable: null, repeats: null };
}

/** A command whose argv needs a value the plan does not have yet: shown, not runnable. */
export function notYetPlannable(command: PlannedCommand, why: string): PlannedCommand {
  return { ...command, request: null, unavailable: why };
}
