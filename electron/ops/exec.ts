import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { OpLine, OpResult } from '../../shared/ops/catalogue';
import { missingToolMessage, type ExecPlan } from '../../shared/ops/plan';
import type { RunOptions } from '../../shared/ops/runner';
import { failedResult, sha256Hex } from './result';
import { resolveTool, TOOL_ENV } from './tools';

const MAX_STDERR_BYTES = 1024 * 1024;
/** Grace between the polite signal and SIGKILL. */
const KILL_GRACE_MS = 2000;

/** Exit codes that are a measurement, not a failure (ping: 1 = some or all replies missing). */
const OK_EXIT_CODES: Record<string, number[]> = { ping: [0, 1] };

/** Collects a stream up to a byte cap and optionally splits it into lines as it arrives. */
class CappedCollector {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  truncated = false;
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(
    private readonly cap: number,
    private readonly stream: OpLine['stream'],
    private readonly onLine?: (line: OpLine) => void,
  ) {}

  push(chunk: Buffer): void {
    const room = this.cap - this.bytes;
    if (room <= 0) {
      this.truncated = true;
    } else if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room));
      this.bytes += room;
      this.truncated = true;
    } else {
      this.chunks.push(chunk);
      this.bytes += chunk.length;
    }
    if (this.onLine) {
      const text = this.partial + this.decoder.write(chunk);
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.emit(line);
    }
  }

  finish(): Buffer {
    if (this.onLine) {
      const rest = this.partial + this.decoder.end();
      if (rest !== '') this.emit(rest);
      this.partial = '';
    }
    return Buffer.concat(this.chunks);
  }

  private emit(line: string): void {
    try {
      this.onLine?.({ stream: this.stream, line: line.endsWith('\r') ? line.slice(0, -1) : line });
    } catch {
      // A failing listener must not break the operation.
    }
  }
}

export function runExec(op: string, plan: ExecPlan, options: RunOptions = {}): Promise<OpResult> {
  const startedAt = new Date();
  const executable = resolveTool(plan.tool);
  if (executable === null) return Promise.resolve(failedResult(op, plan.argv, startedAt, missingToolMessage(plan.tool)));

  return new Promise<OpResult>((resolve) => {
    const stdout = new CappedCollector(plan.maxOutputBytes, 'stdout', plan.streamLines ? options.onLine : undefined);
    const stderr = new CappedCollector(MAX_STDERR_BYTES, 'stderr', plan.streamLines ? options.onLine : undefined);
    let problem: string | undefined;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const child = spawn(executable, plan.argv.slice(1), {
      argv0: plan.tool,
      env: TOOL_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      cwd: '/',
    });

    const stop = (signal: NodeJS.Signals, why: string): void => {
      if (settled || child.exitCode !== null || child.signalCode !== null) return;
      problem ??= why;
      child.kill(signal);
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref?.();
    };

    const timeout = setTimeout(
      () => stop('SIGTERM', `${plan.tool} timed out after ${Math.round(plan.timeoutMs / 1000)} s and was stopped`),
      plan.timeoutMs,
    );
    // SIGINT lets ping print its statistics before it exits.
    options.cancel?.onCancel(() => stop('SIGINT', 'cancelled'));

    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));

    const finish = (exitCode: number | null, signal: string | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      const out = stdout.finish();
      const err = stderr.finish().toString('utf8');
      let error = problem;
      if (spawnError) {
        const code = (spawnError as NodeJS.ErrnoException).code;
        error = code === 'ENOENT' ? missingToolMessage(plan.tool) : `${plan.tool} could not be started: ${spawnError.message}`;
      } else if (error === undefined && exitCode !== null && !(OK_EXIT_CODES[plan.tool] ?? [0]).includes(exitCode)) {
        const firstLine = err.split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300);
        error = `${plan.tool} exited with status ${exitCode}${firstLine ? `: ${firstLine}` : ''}`;
      } else if (error === undefined && signal !== null) {
        error = `${plan.tool} was killed by ${signal}`;
      }
      if (error === 'cancelled') error = `${plan.tool} was stopped on request`;
      const result: OpResult = {
        op,
        argv: plan.argv,
        startedAt: startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        exitCode,
        signal,
        stdout: out.toString('utf8'),
        stderr: err,
        outputSha256: sha256Hex(out),
        truncated: stdout.truncated,
        executable,
      };
      if (error !== undefined) result.error = error;
      resolve(result);
    };

    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
