/**
 * The options that point a command at a gateway over SSH instead of this machine. Light on
 * purpose (no zod, no ssh2): registering a command loads this; the SSH code is loaded only when
 * --target is given (electron/remote/cliTarget.ts).
 */
export interface TargetCliOptions {
  target?: string;
  identity?: string;
  knownHosts?: string;
  acceptNewHostKey?: boolean;
  askPassword?: boolean;
}

/** Declares --target and its companions. */
export function addTargetOptions<C extends { option(flags: string, description: string): C }>(command: C): C {
  return command
    .option('--target <ssh://USER@HOST[:PORT]>', 'audit a gateway over SSH (agentless) instead of this machine')
    .option('--identity <file>', 'private key for --target (default: ssh-agent via SSH_AUTH_SOCK)')
    .option('--known-hosts <file>', "known_hosts pinning the gateway's host key (default: ~/.ssh/known_hosts)")
    .option('--accept-new-host-key', 'trust an unknown host key on first use and record it in --known-hosts (a changed key is always refused)')
    .option('--ask-password', 'ask the login password of --target on the terminal before connecting (without it: asked only when no key or agent is accepted; never taken from arguments or the environment)');
}
