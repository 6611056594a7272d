import { SshConnection, type ConnectOptions } from './connection';
import type { Privilege } from './privilege';
import { checkedSudoPassword } from './sudoPassword';
import { remoteText } from './remoteExec';
import { remoteFacts } from './remoteFacts';
import { RemoteRunner } from './remoteRunner';
import { quoteForRemoteShell } from './shellQuote';

export interface OpenRemoteOptions extends ConnectOptions {
  /** Asked once when the account is not root and `sudo -n` is refused; undefined: go on unprivileged. */
  askSudoPassword?: (prompt: string) => Promise<string | null>;
  onProgress?: (line: string) => void;
}

/**
 * Quotes that the account's login shell must give back unchanged: POSIX shells do; csh (`!`),
 * fish (`\\` in quotes) would not, and then no command could be trusted to mean what was sent.
 */
const CANARY = `a'b"c$d\`e\\f!g*h;i|j&k\n(l)#m~n{o}`;

/** Connects, checks the login shell, finds how to be privileged, reads the gateway's facts. */
export async function openRemoteRunner(options: OpenRemoteOptions): Promise<RemoteRunner> {
  const conn = await SshConnection.connect(options);
  try {
    const echo = await new Promise<string>((resolve, reject) => {
      conn.exec(quoteForRemoteShell(['printf', '%s', CANARY])).then((ch) => {
        let text = '';
        ch.on('data', (d: Buffer) => (text += d.toString('utf8')));
        ch.stderr.on('data', () => undefined);
        ch.on('close', () => resolve(text));
        ch.end();
      }, reject);
    });
    if (echo !== CANARY) throw new Error(`the login shell of ${options.target.user} on the gateway does not read POSIX quotes (csh or fish?); use an account whose shell is sh, bash, dash, ksh or zsh`);
    const privilege = await findPrivilege(options, conn);
    options.onProgress?.(`privilege on the gateway: ${privilege.mode}`);
    const facts = await remoteFacts(conn);
    // It pins the key verified now (in known_hosts since); sudo's password is not asked again.
    const { trustFingerprint: _confirmedOnce, askSudoPassword: _askedOnce, onProgress: _progress, ...pinned } = options;
    const reconnect = () => SshConnection.connect({ ...pinned, acceptNewHostKey: false });
    return new RemoteRunner(conn, privilege, facts, reconnect);
  } catch (e) {
    await conn.close();
    throw e;
  }
}

async function findPrivilege(options: OpenRemoteOptions, conn: SshConnection): Promise<Privilege> {
  const id = await remoteText(conn, ['id', '-u']);
  if (id.text.trim() === '0') return { mode: 'root' };
  const sudoN = await remoteText(conn, ['sudo', '-n', 'true']);
  if (sudoN.exitCode === 0) return { mode: 'sudo-n' };
  if (!options.askSudoPassword) return { mode: 'none' };
  const password = await options.askSudoPassword(`[pptp-auditor] sudo password of ${options.target.user} on ${options.target.host}: `);
  if (password === null) return { mode: 'none' };
  return checkedSudoPassword(conn, password);
}
