import { ipLiteralSchema, type OpLine, type OpResult } from '../../../shared/ops/catalogue';
import { latencyReport } from '../../../shared/analysis/jitter';
import { parsePing } from '../../../shared/parsers/ping';
import type { LatencyReport, PingRun } from '../../../shared/model/ping';
import { evidenceOf, type EvidenceRef } from '../modules/collectModules';
import type { OpRequest } from '../../../shared/ops/catalogue';
import { readInputFile } from '../logs/inputFile';

export type RunOpStreaming = (
  request: OpRequest,
  onLine?: (line: OpLine) => void,
) => Promise<OpResult>;

/** Bounds of the audit (MISSION: ping rate and size bounded). */
export const PING_LIMITS = { minIntervalS: 0.2, maxSize: 65_507, maxCount: 10_000 } as const;
export const PING_DEFAULTS = { intervalS: 0.2, size: 1400, count: 50 } as const;

export interface PingSettings {
  target: string;
  count: number;
  intervalS: number;
  size: number;
  iface?: string;
}

export interface PingResult {
  run: PingRun;
  report: LatencyReport;
  evidence: EvidenceRef[];
  error: string | null;
}

/** Null when `host` is an IPv4/IPv6 literal we may hand to ping, else a one-line reason. */
export function hostProblem(host: string): string | null {
  const shown = JSON.stringify(host.length > 60 ? `${host.slice(0, 60)}…` : host);
  if (host.length === 0 || host.length > 45 || !ipLiteralSchema.safeParse(host).success) {
    return `invalid HOST ${shown}: expected an IPv4 or IPv6 address literal (no host names, zone ids or options)`;
  }
  return null;
}

/** Null when the settings are inside the audit bounds, else a one-line reason. */
export function pingSettingsProblem(s: PingSettings): string | null {
  const host = hostProblem(s.target);
  if (host) return host;
  if (!Number.isInteger(s.count) || s.count < 1 || s.count > PING_LIMITS.maxCount)
    return `count must be an integer from 1 to ${PING_LIMITS.maxCount}`;
  if (!Number.isFinite(s.intervalS) || s.intervalS < PING_LIMITS.minIntervalS || s.intervalS > 60)
    return `interval must be from ${PING_LIMITS.minIntervalS} to 60 seconds`;
  if (!Number.isInteger(s.size) || s.size < 0 || s.size > PING_LIMITS.maxSize)
    return `size must be an integer from 0 to ${PING_LIMITS.maxSize}`;
  return null;
}

/** Runs ping once through the catalogue (`ping -n -c N -i S -s SIZE -w DEADLINE HOST`). */
export async function runPing(
  run: RunOpStreaming,
  s: PingSettings,
  onLine?: (line: OpLine) => void,
): Promise<PingResult> {
  const problem = pingSettingsProblem(s);
  if (problem) throw new RangeError(problem);
  const deadlineS = Math.min(36_000, Math.ceil(s.count * s.intervalS) + 5);
  const result = await run(
    {
      op: 'ping.run',
      target: s.target,
      count: s.count,
      intervalS: s.intervalS,
      size: s.size,
      dontFragment: false,
      deadlineS,
      ...(s.iface ? { iface: s.iface } : {}),
    },
    onLine,
  );
  const parsed = parsePing(`${result.stdout}\n${result.stderr}`);
  // ping exits 1 when no reply came back: that is a measurement, not a failure of the run.
  const error = result.error && parsed.summary === null ? result.error : null;
  return { run: parsed, report: latencyReport(parsed), evidence: [evidenceOf(result)], error };
}

/** A saved ping output from a site engineer. */
export async function pingFromFile(path: string): Promise<PingResult> {
  const file = await readInputFile(path);
  const parsed = parsePing(file.text);
  return {
    run: parsed,
    report: latencyReport(parsed),
    evidence: [],
    error:
      parsed.summary === null && parsed.events.length === 0
        ? `${path}: no ping output recognised`
        : null,
  };
}
