import { release } from 'node:os';
import type { OpRequest, OpResult } from '../../shared/ops/catalogue';
import { planArgv, planOperation } from '../../shared/ops/plan';
import type { RunOptions } from '../../shared/ops/runner';
import { CaptureRegistry, type FileOwner } from './capture';
import { runChapSecrets } from './chapSecrets';
import { runExec } from './exec';
import { runRead } from './readFixedFile';
import { failedResult, validatedRequest } from './result';
import { SecretWitness } from './secretWitness';

export interface RunOperationOptions extends RunOptions {
  /** Where running captures live; one per process (the helper keeps its own). */
  captures?: CaptureRegistry;
  /** Kernel release for modules.builtin / kernel.config (default: os.release()). */
  kernelRelease?: string;
  /** Collects the secrets read while serving this request (the helper keeps one per request). */
  secrets?: SecretWitness;
}

let defaultCaptures: CaptureRegistry | null = null;
function processCaptures(owner: FileOwner | null = null): CaptureRegistry {
  defaultCaptures ??= new CaptureRegistry(owner);
  return defaultCaptures;
}

/**
 * Executes one operation in THIS process. The request is validated here again (whatever the
 * caller did), the argv comes from shared/ops/plan.ts, no shell is involved. Never rejects:
 * every failure is an OpResult with `error`.
 */
export async function runOperation(request: unknown, options: RunOperationOptions = {}): Promise<OpResult> {
  const startedAt = new Date();
  const validated = validatedRequest(request, startedAt);
  if (!validated.ok) return validated.refused;
  const req = validated.request;
  const secrets = options.secrets ?? new SecretWitness();
  // Whatever runs below, a result carrying a secret it read does not leave this function.
  return secrets.filter(await runPlanned(req, options, secrets, startedAt));
}

async function runPlanned(req: OpRequest, options: RunOperationOptions, secrets: SecretWitness, startedAt: Date): Promise<OpResult> {
  try {
    const plan = planOperation(req, { kernelRelease: options.kernelRelease ?? release() });
    switch (plan.kind) {
      case 'exec':
        return await runExec(req.op, plan, options);
      case 'read':
        return await runRead(req.op, plan, secrets);
      case 'chapSecrets':
        return await runChapSecrets(req.op, plan, secrets);
      case 'captureStart':
        return await (options.captures ?? processCaptures()).start(req.op, plan);
      case 'captureStop':
        return await (options.captures ?? processCaptures()).stop(req.op, plan.captureId);
      default:
        return failedResult(req.op, planArgv(plan), startedAt, 'operation not implemented');
    }
  } catch (e) {
    return failedResult(req.op, [], startedAt, `internal error: ${(e as Error).message}`);
  }
}
