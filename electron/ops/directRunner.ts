import type { OpRequest, OpResult } from '../../shared/ops/catalogue';
import type { RunOptions, Runner } from '../../shared/ops/runner';
import { AuditLog, auditRecordOf } from './auditLog';
import { CaptureRegistry } from './capture';
import { runOperation } from './run';

/**
 * Runs operations in this process: used when the app already runs as root, and in tests.
 * Keeps its own captures and, when given one, records every operation in the audit log.
 */
export class DirectRunner implements Runner {
  readonly kind = 'direct' as const;
  private readonly captures = new CaptureRegistry();

  constructor(private auditLog: AuditLog | null = null) {}

  async setAuditLog(path: string): Promise<void> {
    const next = await AuditLog.open(path);
    const previous = this.auditLog;
    this.auditLog = next;
    await previous?.close();
  }

  async run(request: OpRequest, options: RunOptions = {}): Promise<OpResult> {
    const result = await runOperation(request, { ...options, captures: this.captures });
    await this.auditLog?.append(auditRecordOf(result));
    return result;
  }

  async close(): Promise<void> {
    await this.captures.stopAll();
    await this.auditLog?.close();
  }
}
