import os from 'node:os';
import path from 'node:path';
import { askPasswordOnTerminal } from '../helper/terminalPassword';
import { openRemoteRunner } from './openRemote';
import type { RemoteRunner } from './remoteRunner';
import { formatSshTarget, parseSshTarget } from '../../shared/model/sshTarget';

export interface CliTargetOptions {
  target: string;
  identity?: string | undefined;
  knownHosts?: string | undefined;
  acceptNewHostKey?: boolean | undefined;
  /** Ask the login password on the terminal before connecting (else only when no key is accepted). */
  askPassword?: boolean | undefined;
}

/** The terminal the CLI asks on; tests give their own. */
export interface CliTerminal {
  isTTY: boolean;
  /** No echo; null when the auditor gives up (Ctrl-C, Ctrl-D). */
  ask: (prompt: string) => Promise<string | null>;
}

const PROCESS_TERMINAL: CliTerminal = {
  get isTTY() {
    return process.stdin.isTTY === true;
  },
  ask: askPasswordOnTerminal,
};

/** A one-line refusal for the CLI (exit 2). */
export class TargetRefusal extends Error {}

/**
 * The server refused every credential offered. RemoteConnectError may carry a typed reason
 * (electron/remote/connection.ts); until it does, its one-line message says so.
 */
export function isAuthenticationRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const reason = (error as { reason?: unknown }).reason;
  return reason === 'authentication' || reason === 'auth' || /authentication refused/.test(error.message);
}

function firstLine(error: unknown): string {
  return (error as Error).message.split('\n')[0] ?? 'connection failed';
}

/**
 * --target ssh://… from the CLI: parsed, connected with the pinned host key. The login password
 * is asked on the terminal — up front with --ask-password, or once when no key or agent was
 * accepted — never read from argv or the environment, and not kept here. The sudo password is
 * asked only if `sudo -n` is refused. Every failure is one line.
 */
export async function openCliTarget(options: CliTargetOptions, say: (line: string) => void, terminal: CliTerminal = PROCESS_TERMINAL): Promise<RemoteRunner> {
  const parsed = parseSshTarget(options.target);
  if (!parsed.ok) throw new TargetRefusal(parsed.error);
  const target = parsed.target;
  if (options.askPassword === true && !terminal.isTTY) throw new TargetRefusal('--ask-password needs a terminal to ask on (stdin is not one); use --identity or ssh-agent');
  const knownHostsFile = path.resolve(options.knownHosts ?? path.join(os.homedir(), '.ssh', 'known_hosts'));
  const askLogin = async (): Promise<string> => {
    const password = await terminal.ask(`[pptp-auditor] password of ${target.user}@${target.host}: `);
    if (password === null) throw new TargetRefusal(`no password given for ${formatSshTarget(target)}`);
    return password;
  };
  const open = (password: string | undefined) =>
    openRemoteRunner({
      target,
      knownHostsFile,
      acceptNewHostKey: options.acceptNewHostKey === true,
      ...(options.identity !== undefined ? { identityFile: path.resolve(options.identity) } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(terminal.isTTY ? { askSudoPassword: terminal.ask } : {}),
      onProgress: say,
    });
  say(`connecting to ${options.target.slice(0, 80)}…`);
  try {
    if (options.askPassword === true) return await open(await askLogin());
    try {
      return await open(undefined);
    } catch (e) {
      // No key or agent was accepted: the account may take a password. Asked once, on a terminal only.
      if (!isAuthenticationRefusal(e) || !terminal.isTTY) throw e;
      return await open(await askLogin());
    }
  } catch (e) {
    if (e instanceof TargetRefusal) throw e;
    throw new TargetRefusal(firstLine(e));
  }
}
