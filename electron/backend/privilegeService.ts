import path from 'node:path';
import type { PrivilegeStatus } from '../../shared/ipc/channels/privileges';
import type { Runner } from '../../shared/ops/runner';
import { DirectRunner } from '../ops/directRunner';
import { obtainRunner } from '../ops/obtainRunner';

/**
 * Who runs the privileged operations. As root, everything runs in-process; otherwise the
 * auditor may start the helper once per app session. Until then operations run unprivileged
 * and those that need root fail with their own clear message, which the steps show.
 */
export class PrivilegeService {
  private helper: Runner | null = null;
  private method: string | null = null;
  private message: string | null = null;
  private readonly root = process.getuid?.() === 0;

  constructor(private readonly auditLogDir: () => string) {}

  /** The helper's own log of every operation it ran; copied into each bundle it served. */
  auditLogPath(): string {
    return path.join(this.auditLogDir(), 'helper-audit.jsonl');
  }

  runner(): Runner {
    return this.helper ?? new DirectRunner();
  }

  hasHelper(): boolean {
    return this.helper !== null;
  }

  status(): PrivilegeStatus {
    return {
      mode: this.root ? 'root' : this.helper ? 'helper' : 'unprivileged',
      method: this.root ? 'running as root' : this.method,
      message: this.message,
    };
  }

  async elevate(password: string | null, method: 'auto' | 'sudo' | 'pkexec'): Promise<PrivilegeStatus> {
    if (this.root || this.helper) return this.status();
    let asked = false;
    const result = await obtainRunner({
      auditLogPath: this.auditLogPath(),
      method: password === null && method === 'auto' ? 'pkexec' : method,
      // Answered once: a second prompt means the password was wrong, and is refused.
      askPassword: async () => {
        if (asked || password === null) return null;
        asked = true;
        return password;
      },
    });
    if (result.ok) {
      this.helper = result.runner;
      this.method = result.method;
      this.message = null;
    } else {
      this.message = result.message;
    }
    return this.status();
  }

  async close(): Promise<void> {
    const helper = this.helper as (Runner & { close?: () => Promise<void> }) | null;
    await helper?.close?.();
    this.helper = null;
  }
}
