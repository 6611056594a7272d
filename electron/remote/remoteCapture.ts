import { createHash, randomBytes } from 'node:crypto';
import { close, constants, lstatSync, openSync, write } from 'node:fs';
import { promisify } from 'node:util';
import type { OpResult } from '../../shared/ops/catalogue';
import { PcapCutter } from '../../shared/ops/pcapCutter';
import type { CaptureStartPlan } from '../../shared/ops/plan';
import { failedResult, refusedResult, sha256Hex } from '../ops/result';
import type { SshConnection } from './connection';
import type { Privilege } from './privilege';
import { killRemote, remoteExec, type RemoteExecOutcome } from './remoteExec';

const writeFd = promisify(write);
const closeFd = promisify(close);
const START_WAIT_MS = 30_000;

interface RemoteCapture {
  id: string;
  conn: SshConnection;
  pid: number | null;
  path: string;
  done: Promise<OpResult>;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Captures on the gateway: `timeout … tcpdump -U -w -` (the plan's argv) streamed over its
 * channel into a pcap in the LOCAL audit folder, capped at a record boundary as locally.
 * Stopped by SIGINT to its remote PID (a second exec), so tcpdump flushes its last packets.
 */
export class RemoteCaptures {
  private readonly captures = new Map<string, RemoteCapture>();

  constructor(
    private readonly connection: () => Promise<SshConnection>,
    private readonly privilege: () => Privilege,
  ) {}

  async start(op: string, plan: CaptureStartPlan): Promise<OpResult> {
    const startedAt = new Date();
    try {
      const st = lstatSync(plan.dir);
      if (st.isSymbolicLink() || !st.isDirectory()) return refusedResult(op, plan.argv, startedAt, `capture directory ${plan.dir} is not a plain directory`);
    } catch {
      return refusedResult(op, plan.argv, startedAt, `capture directory ${plan.dir} does not exist`);
    }
    const id = randomBytes(12).toString('hex');
    const path = `${plan.dir.replace(/\/+$/, '')}/capture-${stamp(startedAt)}-${plan.iface}-${id.slice(0, 8)}.pcap`;
    let file: number;
    try {
      file = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o640);
    } catch (e) {
      return failedResult(op, plan.argv, startedAt, `could not create ${path}: ${(e as Error).message}`);
    }
    const hash = createHash('sha256');
    const cutter = new PcapCutter(plan.maxBytes);
    let writes = Promise.resolve();
    let writeError: string | null = null;
    let listening: () => void = () => {};
    const listeningSeen = new Promise<void>((r) => (listening = r));
    let conn: SshConnection;
    try {
      conn = await this.connection();
    } catch (e) {
      await closeFd(file).catch(() => undefined);
      return failedResult(op, plan.argv, startedAt, (e as Error).message);
    }
    const capture: RemoteCapture = { id, conn, pid: null, path, done: Promise.resolve(null as unknown as OpResult) };
    // timeout(1) is already in the plan's argv (tcpdump's own backstop): the wrapper's is a second, looser one.
    const exec = remoteExec(conn, plan.argv, {
      privilege: this.privilege(),
      timeoutS: plan.durationMs / 1000 + 30,
      maxOutputBytes: plan.maxBytes,
      onStarted: (pid) => (capture.pid = pid),
      onStdout: (chunk) => {
        const { write: parts, capped, problem } = cutter.accept(chunk);
        for (const part of parts) {
          hash.update(part);
          writes = writes.then(async () => {
            if (writeError === null) await writeFd(file, part).catch((e: Error) => void (writeError = `writing ${path} failed: ${e.message}`));
          });
        }
        if (problem) writeError = problem;
        if (capped) this.interrupt(capture);
      },
      onLine: (line) => {
        if (line.stream === 'stderr' && line.line.includes('listening on')) listening();
      },
    });
    const durationTimer = setTimeout(() => this.interrupt(capture), plan.durationMs);
    capture.done = exec.then(async (outcome: RemoteExecOutcome) => {
      clearTimeout(durationTimer);
      // No listening() here: a tcpdump that ended before listening (permission denied) must make
      // start() report its error, not win the race below as if it had started.
      await writes;
      await closeFd(file).catch(() => undefined);
      const result: OpResult = {
        op,
        argv: outcome.remoteArgv,
        startedAt: startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        exitCode: outcome.exitCode,
        signal: outcome.signal,
        stdout: '',
        stderr: outcome.stderr,
        outputSha256: hash.digest('hex'),
        truncated: cutter.capped,
        files: [path],
        captureId: id,
      };
      const problem = outcome.problem || writeError || (outcome.exitCode !== 0 && outcome.exitCode !== 124 ? firstProblem(outcome) : null);
      if (problem) result.error = problem;
      return result;
    });
    this.captures.set(id, capture);
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), START_WAIT_MS).unref());
    const first = await Promise.race([listeningSeen.then(() => 'listening' as const), timer, capture.done.then(() => 'ended' as const)]);
    if (first !== 'listening') {
      if (first === 'timeout') this.interrupt(capture);
      const result = await capture.done;
      this.captures.delete(id);
      return result.error ? result : { ...result, error: `tcpdump did not start listening on ${plan.iface} within ${START_WAIT_MS / 1000} s` };
    }
    return { op, argv: plan.argv, startedAt: startedAt.toISOString(), endedAt: new Date().toISOString(), exitCode: null, signal: null, stdout: '', stderr: '', outputSha256: sha256Hex(''), truncated: false, files: [path], captureId: id };
  }

  async stop(op: string, captureId: string): Promise<OpResult> {
    const capture = this.captures.get(captureId);
    if (!capture) return refusedResult(op, ['capture.stop', captureId], new Date(), 'unknown capture id (never started here, or already stopped)');
    this.interrupt(capture);
    const result = await capture.done;
    this.captures.delete(captureId);
    return { ...result, op };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.captures.keys()].map((id) => this.stop('capture.stop', id)));
  }

  private interrupt(capture: RemoteCapture): void {
    if (capture.pid !== null) void killRemote(capture.conn, capture.pid, 'INT', this.privilege());
  }
}

function firstProblem(outcome: RemoteExecOutcome): string {
  const line = outcome.stderr.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('tcpdump: listening on') && !/packets (captured|received|dropped)/.test(l));
  return `tcpdump exited with status ${outcome.exitCode ?? outcome.signal}${line ? `: ${line.slice(0, 300)}` : ''}`;
}
