import { parseOpRequest, type OpRequest, type OpResult } from '../../shared/ops/catalogue';
import type { RunOptions, Runner } from '../../shared/ops/runner';
import { auditRecordOf, type AuditLog } from './auditLog';
import { CaptureRegistry } from './capture';
import { runOperation } from './run';

/**
 * Runs operations in this process: used when the app already runs as root, and in tests.
 * Keeps its own captures and, when given one, records every operation in the audit log.
 */
export class DirectRunner implements Runner {
  readonly kind = 'direct' as const;
  private readonly captures = new CaptureRegistry();

  constructor(private readonly auditLog: AuditLog | null = null) {}

  async run(request: OpRequest, options: RunOptions = {}): Promise<OpResult> {
    const valid = parseOpRequest(request).ok;
    const result = await runOperation(request, { ...options, captures: this.captures });
    await this.auditLog?.append(auditRecordOf(result, valid ? 'executed' : 'refused'));
    return result;
  }

  async close(): Promise<void> {
    await this.captures.stopAll();
    await this.auditLog?.close();
  }
}
