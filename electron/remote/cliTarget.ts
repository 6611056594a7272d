import os from 'node:os';
import path from 'node:path';
import { askPasswordOnTerminal } from '../helper/terminalPassword';
import { openRemoteRunner } from './openRemote';
import type { RemoteRunner } from './remoteRunner';
import { parseSshTarget } from '../../shared/model/sshTarget';

export interface CliTargetOptions {
  target: string;
  identity?: string | undefined;
  knownHosts?: string | undefined;
  acceptNewHostKey?: boolean | undefined;
}

/** A one-line refusal for the CLI (exit 2). */
export class TargetRefusal extends Error {}

/**
 * --target ssh://… from the CLI: parsed, connected with the pinned host key, sudo password
 * asked on the terminal only if `sudo -n` is refused. Every failure is one line.
 */
export async function openCliTarget(options: CliTargetOptions, say: (line: string) => void): Promise<RemoteRunner> {
  const parsed = parseSshTarget(options.target);
  if (!parsed.ok) throw new TargetRefusal(parsed.error);
  const knownHostsFile = path.resolve(options.knownHosts ?? path.join(os.homedir(), '.ssh', 'known_hosts'));
  say(`connecting to ${options.target.slice(0, 80)}…`);
  try {
    return await openRemoteRunner({
      target: parsed.target,
      knownHostsFile,
      acceptNewHostKey: options.acceptNewHostKey === true,
      ...(options.identity !== undefined ? { identityFile: path.resolve(options.identity) } : {}),
      ...(process.stdin.isTTY ? { askSudoPassword: askPasswordOnTerminal } : {}),
      onProgress: say,
    });
  } catch (e) {
    throw new TargetRefusal((e as Error).message.split('\n')[0] ?? 'connection failed');
  }
}
