import type { OpLine, OpRequest, OpResult } from './catalogue';

/** Cooperative cancellation without depending on DOM/Node AbortSignal (shared/ is pure). */
export interface CancelToken {
  readonly cancelled: boolean;
  onCancel(listener: () => void): void;
}

export function createCancelSource(): { token: CancelToken; cancel(): void } {
  let cancelled = false;
  const listeners: Array<() => void> = [];
  return {
    token: {
      get cancelled() {
        return cancelled;
      },
      onCancel(listener) {
        if (cancelled) listener();
        else listeners.push(listener);
      },
    },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      for (const l of listeners.splice(0)) l();
    },
  };
}

export interface RunOptions {
  /** Live output, line by line (ping shows its replies while it runs). */
  onLine?: (line: OpLine) => void;
  /** Stops the running operation (the result still comes back, with what was collected). */
  cancel?: CancelToken;
}

/**
 * Whatever executes privileged operations: the in-process direct runner (the app already runs
 * as root, tests) or the client of the sudo-helper. Collectors depend on this interface only.
 * run() never rejects for an operation failure: a missing tool, a refused request or a
 * non-zero exit come back as an OpResult with `error` set. It rejects only when the runner
 * itself is gone (helper exited).
 */
export interface Runner {
  /** 'direct' runs in this process; 'helper' goes through the privileged helper process; 'remote' on a gateway over SSH. */
  readonly kind: 'direct' | 'helper' | 'remote';
  /**
   * `uname -r` of the host the operations run on, when it is not this machine (a gateway): the
   * step plans are derived from it, so what is planned and shown is what the runner runs there.
   */
  readonly kernelRelease?: string;
  run(request: OpRequest, options?: RunOptions): Promise<OpResult>;
  /** Record the following operations in another JSON-lines audit log (a new evidence folder). */
  setAuditLog(path: string): Promise<void>;
  close(): Promise<void>;
}
