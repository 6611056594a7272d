import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's own sshd in a network namespace the test made, with its own config and a temporary
 * host key (no systemd, nothing of the machine's sshd touched). Local to the Ansible test; the
 * same small API as test/support/sshd.ts of the remote-target tests, to be unified.
 */
export interface RunningSshd {
  port: number;
  /** `<address> <type> <key>`: one known_hosts line, so the client checks the host key strictly. */
  hostKeyLine: string;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

export async function start(options: { namespace: string; address: string; authorizedKey: string }): Promise<RunningSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'pa-sshd-'));
  const hostKey = join(dir, 'host_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', hostKey]);
  writeFileSync(join(dir, 'authorized_keys'), `${options.authorizedKey.trim()}\n`, { mode: 0o600 });
  const port = 22;
  const config = [
    `ListenAddress ${options.address}:${port}`,
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PidFile none',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The keys live under the world-writable /tmp, which StrictModes refuses; this sshd is the test's own.
    'StrictModes no',
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
  ];
  const configFile = join(dir, 'sshd_config');
  writeFileSync(configFile, `${config.join('\n')}\n`);
  // Privilege separation needs this folder (created by the package's systemd unit normally).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const child = spawn('ip', ['netns', 'exec', options.namespace, SSHD, '-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start in ${START_TIMEOUT_MS} ms:\n${log}`)), START_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/Server listening on/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${code}) before listening:\n${log}`));
    });
  });
  const [type, key] = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
  return {
    port,
    hostKeyLine: `${options.address} ${type} ${key}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
