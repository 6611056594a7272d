import { UsageError } from '../errors';
import { parseNumberOption } from '../options';
import { runStepCommand } from '../stepRun/stepCommand';
import { PLACEHOLDER_TARGET, targetFor } from '../stepRun/target';
import type { TargetCliOptions } from '../stepRun/targetOptions';
import { MAX_PING_COUNT, MIN_PING_COUNT } from '../../../shared/steps/specs/pingLimits';

/** The log reads of step 5 (its settings reads are `hardening`). */
export const LOG_KEYS = (key: string) => key.startsWith('journal-') || key.startsWith('log:');

export async function runLogs(options: { from: string[]; json?: boolean } & TargetCliOptions): Promise<void> {
  await runStepCommand({ step: 'logs', keys: LOG_KEYS }, { target: PLACEHOLDER_TARGET, from: options.from, remote: options, json: options.json === true });
}

export async function runHardening(options: { from: string[]; json?: boolean } & TargetCliOptions): Promise<void> {
  await runStepCommand({ step: 'logs', keys: (key) => !LOG_KEYS(key) }, { target: PLACEHOLDER_TARGET, from: options.from, remote: options, json: options.json === true });
}

export async function runModules(options: { from: string[]; role?: string; json?: boolean } & TargetCliOptions): Promise<void> {
  if (options.role !== undefined && options.role !== 'endpoint' && options.role !== 'gateway') {
    throw new UsageError(`invalid --role ${JSON.stringify(options.role.slice(0, 40))}: expected endpoint or gateway`);
  }
  await runStepCommand(
    { step: 'kernel-modules' },
    {
      target: PLACEHOLDER_TARGET,
      from: options.from,
      remote: options,
      json: options.json === true,
      ...(options.role ? { role: { isGateway: options.role === 'gateway', basis: `--role ${options.role} (auditor)` } } : {}),
    },
  );
}

export async function runMtu(host: string | undefined, options: { iface?: string; from: string[]; json?: boolean } & TargetCliOptions): Promise<void> {
  if ((host === undefined) === (options.from.length === 0)) throw new UsageError('give either HOST (with --iface) or --from FILE');
  if (host !== undefined && options.iface === undefined) throw new UsageError('--iface is required: the probe measures the path inside the tunnel');
  await runStepCommand(
    { step: 'latency', keys: (key) => key === 'pmtu' },
    { target: targetFor({ remote: host, iface: options.iface }), from: options.from, remote: options, json: options.json === true },
  );
}

export async function runPing(host: string | undefined, options: { count: string; from: string[]; json?: boolean } & TargetCliOptions): Promise<void> {
  if ((host === undefined) === (options.from.length === 0)) throw new UsageError('give either HOST or --from FILE');
  const pingCount = parseNumberOption(options.count, '--count', MIN_PING_COUNT, MAX_PING_COUNT)!;
  if (!Number.isInteger(pingCount)) throw new UsageError('--count must be a whole number');
  await runStepCommand(
    { step: 'latency', keys: (key) => key === 'ping' },
    { target: targetFor({ remote: host }), options: { pingCount }, from: options.from, remote: options, json: options.json === true },
  );
}
