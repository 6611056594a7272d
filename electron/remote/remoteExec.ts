import type { ClientChannel } from 'ssh2';
import type { OpLine } from '../../shared/ops/catalogue';
import type { CancelToken } from '../../shared/ops/runner';
import type { SshConnection } from './connection';
import { privilegePrefix, type Privilege } from './privilege';
import { quoteForRemoteShell } from './shellQuote';

/** The environment every remote tool runs with (as TOOL_ENV locally): nothing inherited. */
export const REMOTE_ENV = ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'LC_ALL=C', 'LANG=C', 'SYSTEMD_PAGER=', 'SYSTEMD_COLORS=0'];
/** Seconds timeout(1) waits after its signal before SIGKILL. */
const KILL_AFTER_S = 5;
/** How long past the remote limit the local side waits before cutting the channel itself. */
const LOCAL_BACKSTOP_MS = 15_000;
const MAX_STDERR_BYTES = 1024 * 1024;

export interface RemoteExecOptions {
  privilege: Privilege;
  /** Remote timeout(1) limit, seconds. */
  timeoutS: number;
  /** stdout cap; past it the remote process is stopped and the result marked truncated. */
  maxOutputBytes: number;
  /** Raw stdout as it arrives (capture: the pcap stream). When given, stdout is not collected. */
  onStdout?: (chunk: Buffer) => void;
  onLine?: (line: OpLine) => void;
  cancel?: CancelToken;
  /** Signal sent by cancel (INT lets ping print its statistics, tcpdump flush). */
  cancelSignal?: 'INT' | 'TERM';
  /** The remote PID is known (the process runs). */
  onStarted?: (pid: number) => void;
}

export interface RemoteExecOutcome {
  /** The full argv the remote shell ran, for the evidence. */
  remoteArgv: string[];
  pid: number | null;
  exitCode: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: string;
  truncated: boolean;
  /** Set when the local side had to act: cut, cancelled, sudo refused, connection lost. */
  problem?: string;
}

/**
 * The argv the remote shell runs for a tool argv: privilege, a clean environment, then
 * `sh -c 'echo $$; exec "$@"'` so the first stdout line is the PID of the process that becomes
 * timeout(1) — stoppable later by a second exec (sshd refuses signal requests for root
 * sessions) — and timeout(1) bounding it on the gateway itself even if this laptop vanishes.
 */
export function wrappedArgv(argv: readonly string[], privilege: Privilege, timeoutS: number): string[] {
  return [
    ...privilegePrefix(privilege),
    'env',
    '-i',
    ...REMOTE_ENV,
    'sh',
    '-c',
    'echo $$; exec "$@"',
    'sh',
    'timeout',
    '-k',
    String(KILL_AFTER_S),
    String(Math.max(1, Math.ceil(timeoutS))),
    ...argv,
  ];
}

/** Feeds the sudo password when sudo prompts (its marker on stderr), once; strips the marker. */
class SudoFeeder {
  private prompts = 0;
  constructor(
    private readonly privilege: Privilege,
    private readonly channel: ClientChannel,
    private readonly onRefused: () => void,
  ) {
    if (privilege.mode !== 'sudo-password') channel.end();
  }

  filter(text: string): string {
    if (this.privilege.mode !== 'sudo-password' || !text.includes(this.privilege.marker)) return text;
    this.prompts++;
    if (this.prompts === 1) {
      this.channel.write(Buffer.concat([this.privilege.password, Buffer.from('\n')]));
      this.channel.end();
    } else {
      this.onRefused();
    }
    return text.replaceAll(this.privilege.marker, '');
  }
}

/** Runs one argv on the gateway (see wrappedArgv). Never rejects: problems come back in the outcome. */
export async function remoteExec(conn: SshConnection, argv: readonly string[], options: RemoteExecOptions): Promise<RemoteExecOutcome> {
  const remoteArgv = wrappedArgv(argv, options.privilege, options.timeoutS);
  const base: RemoteExecOutcome = { remoteArgv, pid: null, exitCode: null, signal: null, stdout: Buffer.alloc(0), stderr: '', truncated: false };
  let channel: ClientChannel;
  try {
    channel = await conn.exec(quoteForRemoteShell(remoteArgv));
  } catch (e) {
    return { ...base, problem: (e as Error).message };
  }
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let outBytes = 0;
    let head = Buffer.alloc(0);
    let pid: number | null = null;
    let stderr = '';
    let truncated = false;
    let problem: string | undefined;
    let exitCode: number | null = null;
    let signal: string | null = null;
    let lineRest = '';
    let settled = false;

    const stop = (sig: 'INT' | 'TERM' | 'KILL', why: string) => {
      problem ??= why;
      if (pid !== null) void killRemote(conn, pid, sig, options.privilege);
      else channel.close();
    };
    const feeder = new SudoFeeder(options.privilege, channel, () => stop('TERM', 'sudo refused the password'));
    const backstop = setTimeout(() => {
      stop('KILL', `no end ${Math.ceil(options.timeoutS)} s after the remote limit; stopped`);
      channel.close();
    }, options.timeoutS * 1000 + LOCAL_BACKSTOP_MS);
    backstop.unref();
    options.cancel?.onCancel(() => stop(options.cancelSignal ?? 'TERM', 'cancelled'));

    const body = (chunk: Buffer) => {
      if (options.onStdout) {
        options.onStdout(chunk);
        return;
      }
      const room = options.maxOutputBytes - outBytes;
      if (chunk.length > room) {
        if (room > 0) out.push(chunk.subarray(0, room));
        outBytes = options.maxOutputBytes;
        if (!truncated) {
          truncated = true;
          stop('TERM', '');
        }
      } else {
        out.push(chunk);
        outBytes += chunk.length;
      }
      if (options.onLine) {
        const lines = (lineRest + chunk.toString('utf8')).split('\n');
        lineRest = lines.pop() ?? '';
        for (const line of lines) options.onLine({ stream: 'stdout', line });
      }
    };
    channel.on('data', (chunk: Buffer) => {
      if (pid !== null) return body(chunk);
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(0x0a);
      if (nl < 0) return;
      const n = Number(head.subarray(0, nl).toString('latin1'));
      pid = Number.isInteger(n) && n > 1 ? n : null;
      if (pid !== null) options.onStarted?.(pid);
      const rest = head.subarray(nl + 1);
      head = Buffer.alloc(0);
      if (rest.length > 0) body(rest);
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      const text = feeder.filter(chunk.toString('utf8'));
      if (stderr.length < MAX_STDERR_BYTES) stderr += text.slice(0, MAX_STDERR_BYTES - stderr.length);
      if (options.onLine) for (const line of text.split('\n').filter((l) => l !== '')) options.onLine({ stream: 'stderr', line });
    });
    channel.on('exit', (code: number | null, sig?: string) => {
      exitCode = typeof code === 'number' ? code : null;
      signal = sig ? `SIG${sig}` : null;
    });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(backstop);
      if (options.onLine && lineRest !== '') options.onLine({ stream: 'stdout', line: lineRest });
      const outcome: RemoteExecOutcome = { ...base, pid, exitCode, signal, stdout: Buffer.concat(out), stderr, truncated };
      if (problem) outcome.problem = problem;
      if (conn.closedReason !== null && exitCode === null && signal === null) outcome.problem ??= conn.closedReason;
      resolve(outcome);
    };
    channel.on('close', finish);
    conn.onDrop(() => setImmediate(finish));
  });
}

/** Stops a remote process by PID from a second exec (kill(1) of the remote system). */
export async function killRemote(conn: SshConnection, pid: number, signal: 'INT' | 'TERM' | 'KILL', privilege: Privilege): Promise<void> {
  const argv = [...privilegePrefix(privilege), 'kill', '-s', signal, String(pid)];
  try {
    const channel = await conn.exec(quoteForRemoteShell(argv));
    const feeder = new SudoFeeder(privilege, channel, () => channel.close());
    channel.stderr.on('data', (c: Buffer) => feeder.filter(c.toString('utf8')));
    channel.on('data', () => undefined);
    await new Promise<void>((r) => channel.on('close', () => r()));
  } catch {
    // connection gone: timeout(1) on the gateway ends the process anyway
  }
}

/** A plain short command (facts, probes): argv run as is, stdout as text, bounded by timeout(1). */
export async function remoteText(conn: SshConnection, argv: readonly string[], privilege: Privilege = { mode: 'none' }, timeoutS = 10): Promise<RemoteExecOutcome & { text: string }> {
  const outcome = await remoteExec(conn, argv, { privilege, timeoutS, maxOutputBytes: 1024 * 1024 });
  return { ...outcome, text: outcome.stdout.toString('utf8') };
}
