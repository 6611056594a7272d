import {
  defaultMtuProbeConfig,
  mtuProbeResult,
  nextProbeSize,
  recordProbe,
  startMtuProbe,
  type MtuProbeConfig,
  type MtuProbeResult,
} from '../../../shared/analysis/mtuProbe';
import { parsePing } from '../../../shared/parsers/ping';
import { isIpv6Literal } from '../../../shared/ops/catalogue';
import { evidenceOf, type EvidenceRef } from '../modules/collectModules';
import { hostProblem, type RunOpStreaming } from '../ping/runPing';

export interface MtuProbeRun {
  target: string;
  result: MtuProbeResult;
  probes: Array<{ payload: number; passed: boolean; received: number; reportedMtu: number | null }>;
  evidence: EvidenceRef[];
}

export interface MtuProbeSettings {
  target: string;
  minPayload?: number;
  maxPayload?: number;
  iface?: string;
  /** Echo requests per probe size (any reply passes the size). */
  perProbe?: number;
}

/**
 * DF path-MTU probe: asks the shared planner for the next size, sends a few `ping -M do`
 * requests of that size, and feeds the outcome back, until the planner is done. Bounded by
 * the planner's probe budget (16 sizes) and ping's own limits.
 */
export async function probeMtu(
  run: RunOpStreaming,
  s: MtuProbeSettings,
  onProbe?: (p: MtuProbeRun['probes'][number]) => void,
): Promise<MtuProbeRun> {
  const problem = hostProblem(s.target);
  if (problem) throw new RangeError(problem);
  const family = isIpv6Literal(s.target) ? 'inet6' : 'inet';
  const base = defaultMtuProbeConfig(family);
  const config: MtuProbeConfig = {
    ...base,
    minPayload: s.minPayload ?? base.minPayload,
    maxPayload: s.maxPayload ?? base.maxPayload,
  };
  let state = startMtuProbe(config);
  const probes: MtuProbeRun['probes'] = [];
  const evidence: EvidenceRef[] = [];
  const count = s.perProbe ?? 3;
  for (let size = nextProbeSize(state); size !== null; size = nextProbeSize(state)) {
    const result = await run({
      op: 'ping.run',
      target: s.target,
      count,
      intervalS: 0.2,
      size,
      dontFragment: true,
      deadlineS: Math.ceil(count * 0.2) + 2,
      ...(s.iface ? { iface: s.iface } : {}),
    });
    evidence.push(evidenceOf(result));
    const parsed = parsePing(`${result.stdout}\n${result.stderr}`);
    if (result.error && parsed.summary === null && parsed.events.length === 0) {
      throw new Error(`ping failed: ${result.error}`);
    }
    const received = parsed.events.filter((e) => e.kind === 'reply' && !e.duplicate).length;
    const mtus = parsed.events
      .map((e) => (e.kind === 'icmp-error' || e.kind === 'local-error' ? e.mtu : null))
      .filter((m): m is number => m !== null);
    const probe = {
      payload: size,
      passed: received > 0,
      received,
      reportedMtu: mtus.length ? Math.min(...mtus) : null,
    };
    probes.push(probe);
    onProbe?.(probe);
    state = recordProbe(state, probe);
  }
  return { target: s.target, result: mtuProbeResult(state), probes, evidence };
}
