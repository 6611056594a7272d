import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { close, constants, openSync, write } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { OpResult } from '../../shared/ops/catalogue';
import { PcapCutter } from '../../shared/ops/pcapCutter';
import { missingToolMessage, type CaptureStartPlan } from '../../shared/ops/plan';
import { asOwner } from './asOwner';
import { failedResult, refusedResult, sha256Hex } from './result';
import { resolveTool, TOOL_ENV } from './tools';

export interface FileOwner {
  uid: number;
  gid: number;
}

const writeFd = promisify(write);
const closeFd = promisify(close);

const MAX_CONCURRENT = 4;
const MAX_STDERR = 64 * 1024;
/**
 * How long capture.start waits for tcpdump to say "listening on". Generous: on a loaded
 * gateway (or in the lab's User-Mode Linux) tcpdump can take well over 5 s to open the
 * interface, and giving up early loses the capture.
 */
const START_WAIT_MS = 30_000;
const KILL_GRACE_MS = 3000;

interface Capture {
  id: string;
  plan: CaptureStartPlan;
  executable: string;
  path: string;
  startedAt: Date;
  child: ChildProcess;
  /** The pcap, opened with the auditor's rights. */
  file: number;
  hash: ReturnType<typeof createHash>;
  cutter: PcapCutter;
  stderr: string;
  /** Writes to the file are chained so they land in order. */
  writes: Promise<void>;
  writeError: string | null;
  done: Promise<OpResult>;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Running captures of one process (the helper or a direct runner). capture.start returns as
 * soon as tcpdump listens; the pcap grows in the audit folder; capture.stop (or the duration,
 * or the byte cap) ends it and hands the file over by path with its SHA-256.
 */
export class CaptureRegistry {
  private readonly captures = new Map<string, Capture>();

  constructor(private readonly owner: FileOwner | null = null) {}

  /** Captures whose tcpdump is still running (finished ones wait for capture.stop). */
  runningCount(): number {
    let n = 0;
    for (const c of this.captures.values()) if (c.child.exitCode === null && c.child.signalCode === null) n++;
    return n;
  }

  async start(op: string, plan: CaptureStartPlan): Promise<OpResult> {
    const startedAt = new Date();
    const executable = resolveTool('tcpdump');
    if (executable === null) return failedResult(op, plan.argv, startedAt, missingToolMessage('tcpdump'));
    const wrapper = resolveTool('timeout');
    if (wrapper === null) return failedResult(op, plan.argv, startedAt, missingToolMessage('timeout'));
    if (this.runningCount() >= MAX_CONCURRENT) {
      return refusedResult(op, plan.argv, startedAt, `too many captures running (max ${MAX_CONCURRENT}); stop one first`);
    }
    const dirProblem = await this.checkDir(plan.dir);
    if (dirProblem) return refusedResult(op, plan.argv, startedAt, dirProblem);

    const id = randomBytes(12).toString('hex');
    const path = `${plan.dir.replace(/\/+$/, '')}/capture-${stamp(startedAt)}-${plan.iface}-${id.slice(0, 8)}.pcap`;
    let file: number;
    try {
      // Created with the auditor's rights (it is theirs, and root can not be steered into a
      // place they could not write); O_EXCL + O_NOFOLLOW: never reuse or follow anything.
      file = asOwner(this.owner, () =>
        openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o640),
      );
    } catch (e) {
      return failedResult(op, plan.argv, startedAt, `could not create ${path}: ${(e as Error).message}`);
    }

    const child = spawn(wrapper, plan.argv.slice(1), {
      argv0: 'timeout',
      env: TOOL_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      cwd: '/',
    });
    const capture: Capture = {
      id,
      plan,
      executable,
      path,
      startedAt,
      child,
      file,
      hash: createHash('sha256'),
      cutter: new PcapCutter(plan.maxBytes),
      stderr: '',
      writes: Promise.resolve(),
      writeError: null,
      done: Promise.resolve(null as unknown as OpResult),
    };
    this.captures.set(id, capture);

    let listening: () => void = () => {};
    const listeningSeen = new Promise<void>((r) => (listening = r));
    child.stderr?.on('data', (c: Buffer) => {
      if (capture.stderr.length < MAX_STDERR) capture.stderr += c.toString('utf8').slice(0, MAX_STDERR - capture.stderr.length);
      if (capture.stderr.includes('listening on')) listening();
    });
    child.stdout?.on('data', (c: Buffer) => this.onData(capture, c));

    const durationTimer = setTimeout(() => this.interrupt(capture), plan.durationMs);
    capture.done = new Promise<OpResult>((resolve) => {
      const finish = (exitCode: number | null, signal: string | null, spawnError?: Error) => {
        clearTimeout(durationTimer);
        listening();
        void capture.writes.then(async () => {
          let closeError: string | null = null;
          try {
            await closeFd(file);
          } catch (e) {
            closeError = (e as Error).message;
          }
          const result: OpResult = {
            op,
            argv: plan.argv,
            startedAt: startedAt.toISOString(),
            endedAt: new Date().toISOString(),
            exitCode,
            signal,
            stdout: '',
            stderr: capture.stderr,
            outputSha256: capture.hash.digest('hex'),
            truncated: capture.cutter.capped,
            files: [path],
            captureId: id,
            executable,
          };
          const problem = spawnError
            ? (spawnError as NodeJS.ErrnoException).code === 'ENOENT'
              ? missingToolMessage('tcpdump')
              : `tcpdump could not be started: ${spawnError.message}`
            : capture.writeError ?? closeError ?? unexpectedExit(exitCode, signal, capture);
          if (problem) result.error = problem;
          resolve(result);
        });
      };
      child.on('error', (e) => finish(null, null, e));
      child.on('close', (code, signal) => finish(code, signal));
    });

    const startupTimer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), START_WAIT_MS).unref());
    const first = await Promise.race([listeningSeen.then(() => 'listening' as const), startupTimer]);
    if (child.exitCode !== null || child.signalCode !== null || first === 'timeout' && !capture.stderr.includes('listening on')) {
      // Failed to start (no such device, no permission...): report tcpdump's own words.
      if (first === 'timeout') this.interrupt(capture);
      const result = await capture.done;
      this.captures.delete(id);
      // A start that timed out is a failure even when tcpdump then ended cleanly: the caller must
      // never take it for a running capture (its id is gone, capture.stop would be refused).
      if (first === 'timeout' && !result.error) {
        return { ...result, error: `tcpdump did not start listening on ${plan.iface} within ${START_WAIT_MS / 1000} s` };
      }
      return result;
    }
    return {
      op,
      argv: plan.argv,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      exitCode: null,
      signal: null,
      stdout: '',
      stderr: capture.stderr,
      outputSha256: sha256Hex(''),
      truncated: false,
      files: [path],
      captureId: id,
      executable,
    };
  }

  async stop(op: string, captureId: string): Promise<OpResult> {
    const capture = this.captures.get(captureId);
    if (!capture) return refusedResult(op, ['capture.stop', captureId], new Date(), 'unknown capture id (never started here, or already stopped)');
    this.interrupt(capture);
    const result = await capture.done;
    this.captures.delete(captureId);
    return { ...result, op };
  }

  /** Ends every capture (helper shutting down); the files stay valid pcaps. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.captures.keys()].map((id) => this.stop('capture.stop', id)));
  }

  private onData(capture: Capture, chunk: Buffer): void {
    const { write, capped, problem } = capture.cutter.accept(chunk);
    for (const part of write) {
      capture.hash.update(part);
      capture.writes = capture.writes.then(async () => {
        if (capture.writeError) return;
        try {
          await writeFd(capture.file, part);
        } catch (e) {
          capture.writeError = `writing ${capture.path} failed: ${(e as Error).message}`;
          this.interrupt(capture);
        }
      });
    }
    if (problem) capture.writeError = problem;
    if (capped) this.interrupt(capture);
  }

  private interrupt(capture: Capture): void {
    const { child } = capture;
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGINT: tcpdump flushes and prints its packet counts.
    child.kill('SIGINT');
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, KILL_GRACE_MS).unref();
  }

  private async checkDir(dir: string): Promise<string | null> {
    // The catalogue also admits a Windows laptop's C:\… folder (for the remote runner only): here,
    // on Linux, such a name would be relative to the working folder. Refused before any lstat.
    if (!dir.startsWith('/')) return `capture directory ${dir} is not an absolute path of this machine`;
    try {
      const st = await lstat(dir);
      if (st.isSymbolicLink()) return `capture directory ${dir} is a symbolic link; refused`;
      if (!st.isDirectory()) return `capture directory ${dir} is not a directory`;
      const expected = this.owner?.uid ?? process.getuid?.() ?? 0;
      if (st.uid !== expected) return `capture directory ${dir} must belong to the auditor (uid ${expected}), not uid ${st.uid}`;
      return null;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? `capture directory ${dir} does not exist` : `capture directory ${dir}: ${(e as Error).message}`;
    }
  }
}

function unexpectedExit(exitCode: number | null, signal: string | null, capture: Capture): string | null {
  // Stopped by us with SIGINT: tcpdump exits 0. Anything else is worth a message.
  if (exitCode === 0 || signal === 'SIGINT') return null;
  const firstLine = capture.stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('tcpdump: listening on'));
  if (signal !== null) return `tcpdump was killed by ${signal}`;
  if (exitCode === 124) return 'tcpdump was stopped by its time limit (the helper did not stop it in time)';
  return `tcpdump exited with status ${exitCode}${firstLine ? `: ${firstLine.slice(0, 300)}` : ''}`;
}
