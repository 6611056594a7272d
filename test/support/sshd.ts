import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linkPair, Netns, sh } from '../lab/host/netns';

/** Beside this file, or from the repository root when bundled elsewhere (npm run bench). */
const FIXTURES = [new URL('../fixtures/', import.meta.url).pathname, path.resolve('test/fixtures')].find((d) => existsSync(path.join(d, 'ops')))!;

/** Secrets planted in the gateway's chap-secrets (test/fixtures/ops/chap-secrets.sample): none may ever reach the laptop. */
export const PLANTED_SECRETS = ['K8#vQ2!mZr9$Lw4@Xp7&Tn3*', 'Welcome2019', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Unt3rm!nated-Qx9vB', 'back"sl4sh\\Zq8W', 'back\\"sl4sh\\\\Zq8W'];
/** A pppd `password` option value planted in /etc/ppp/options (redacted on the gateway). */
export const PLANTED_PPP_PASSWORD = 'OptPassw0rd-Zk42';

export interface SshGateway {
  /** The gateway's network namespace (ppp0 10.77.0.1 -> 10.77.0.2 in `peer`). */
  ns: Netns;
  peer: Netns;
  /** Address of sshd as the laptop (this process, root namespace) reaches it. */
  host: string;
  port: number;
  /** Private key of root's authorized key. */
  identityFile: string;
  /** known_hosts holding the gateway's ed25519 key under host:port. */
  knownHostsFile: string;
  /** The gateway's host key fingerprint, as ssh-keygen prints it (SHA256:...). */
  fingerprint: string;
  /** PID of sshd: nsenter -t PID -n -m enters the same network and mount namespaces (local audit). */
  sshdPid: number;
  work: string;
  /** Runs argv inside the gateway's network + mount namespaces (what a local audit there sees). */
  nsenterArgv(argv: string[]): string[];
  /** The non-root account, when asked for (options.auditor). */
  auditor?: GatewayAuditor;
  /** Ends every SSH session (the per-connection sshd processes, by PID): the link is lost mid-audit. */
  killConnections(): void;
  destroy(): void;
}

export interface GatewayAuditorOptions {
  /** The account's password: what `sudo` asks for (its sudo REQUIRES it: no NOPASSWD). */
  password: string;
  /** Let sshd accept this password for login too (PasswordAuthentication yes for this account only). */
  passwordLogin?: boolean;
}

export interface GatewayOptions {
  /** A non-root account `auditor` with its own authorized key and sudo that asks for its password. */
  auditor?: GatewayAuditorOptions;
}

export interface GatewayAuditor {
  user: 'auditor';
  /** Private key of the account's own authorized key (not root's). */
  identityFile: string;
  password: string;
}

export const AUDITOR_USER = 'auditor';

function keygen(file: string, comment: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/**
 * A real OpenSSH server (Debian's) in a network namespace, with its own mount namespace where
 * /etc/ppp holds a chap-secrets with planted secrets and pptpd options, and /var/log a syslog
 * of real pppd/pptpd lines (recorded in the lab: test/fixtures/lab/cleartext). The laptop
 * reaches it over a veth from the root namespace; ppp0 is a veth to a peer namespace.
 */
export async function startSshGateway(prefix = 'pa-ssh', options: GatewayOptions = {}): Promise<SshGateway> {
  const work = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const ns = Netns.create(`${prefix}-g`);
  const peer = Netns.create(`${prefix}-p`);
  const tag = randomBytes(2).toString('hex');
  const hostIf = `sh${tag}h`;
  // A /30 no other gateway of this run (the Ansible test starts two) already uses.
  const used = execFileSync('ip', ['-o', '-4', 'addr', 'show'], { encoding: 'utf8' });
  let octet = 100 + (parseInt(tag, 16) % 150);
  while (used.includes(`10.213.${octet}.1/30`)) octet = 100 + ((octet - 99) % 150);
  const host = `10.213.${octet}.2`;
  let sshd: ChildProcess | null = null;
  const destroy = () => {
    sshd?.kill('SIGKILL');
    ns.destroy();
    peer.destroy();
    try {
      sh(['ip', 'link', 'del', hostIf]);
    } catch {
      /* gone with the namespace */
    }
    rmSync(work, { recursive: true, force: true });
  };
  try {
    linkPair(ns, peer);
    sh(['ip', 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', 'lan0', 'netns', ns.name]);
    sh(['ip', 'addr', 'add', `10.213.${octet}.1/30`, 'dev', hostIf]);
    sh(['ip', 'link', 'set', hostIf, 'up']);
    ns.ip('addr', 'add', `${host}/30`, 'dev', 'lan0');
    ns.ip('link', 'set', 'lan0', 'up');

    const etcPpp = path.join(work, 'etc-ppp');
    const varLog = path.join(work, 'var-log');
    mkdirSync(etcPpp, { mode: 0o755 });
    mkdirSync(varLog, { mode: 0o755 });
    copyFileSync(path.join(FIXTURES, 'ops/chap-secrets.sample'), path.join(etcPpp, 'chap-secrets'));
    execFileSync('chmod', ['0600', path.join(etcPpp, 'chap-secrets')]);
    copyFileSync(path.join(FIXTURES, 'lab/cleartext/options.pptpd'), path.join(etcPpp, 'pptpd-options'));
    writeFileSync(path.join(etcPpp, 'options'), `lock\nuser gw-operator\npassword ${PLANTED_PPP_PASSWORD}\n`, { mode: 0o600 });
    copyFileSync(path.join(FIXTURES, 'lab/cleartext/syslog.txt'), path.join(varLog, 'syslog'));

    const hostKey = path.join(work, 'host_ed25519');
    const clientKey = path.join(work, 'client_ed25519');
    keygen(hostKey, 'gateway');
    keygen(clientKey, 'auditor');
    copyFileSync(`${clientKey}.pub`, path.join(work, 'authorized_keys'));
    const port = 22;
    const config = path.join(work, 'sshd_config');
    writeFileSync(config, [
      `Port ${port}`,
      `ListenAddress ${host}`,
      `HostKey ${hostKey}`,
      `PidFile ${path.join(work, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(work, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'LogLevel VERBOSE',
      'MaxSessions 20',
      ...(options.auditor ? auditorMatchBlock(work, options.auditor) : []),
      '',
    ].join('\n'));
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
    const knownHostsFile = path.join(work, 'known_hosts');
    writeFileSync(knownHostsFile, `${host} ${hostPub[0]} ${hostPub[1]}\n`);
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).split(/\s+/)[1]!;

    // Its own mount namespace: /etc/ppp and /var/log are the planted ones for sshd and its
    // sessions only; the host's stay untouched.
    // With an account to add, the whole of /etc is a copy too: useradd, chpasswd and the sudoers
    // drop-in change the copy, never the host's passwd, shadow or sudoers.
    const etcCopy = path.join(work, 'etc');
    if (options.auditor) {
      execFileSync('cp', ['-a', '/etc', etcCopy]);
      prepareAuditorFiles(work, etcCopy);
    }
    const isolateEtc = options.auditor ? `mount --bind ${etcCopy} /etc && ` : '';
    const script = `${isolateEtc}mount --bind ${etcPpp} /etc/ppp && mount --bind ${varLog} /var/log && exec /usr/sbin/sshd -D -e -f ${config}`;
    sshd = spawn('ip', ['netns', 'exec', ns.name, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    sshd.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!log.includes('Server listening')) {
      if (sshd.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start: ${log.slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // sshd says "Server listening" before it writes its PID file: wait for a PID there (an empty
    // file read as 0 made nsenter -t 0 fail under load).
    let sshdPid = 0;
    while (!(sshdPid > 1)) {
      if (sshd.exitCode !== null || Date.now() > deadline) throw new Error(`sshd wrote no PID file: ${log.slice(0, 500)}`);
      sshdPid = existsSync(path.join(work, 'sshd.pid')) ? Number(readFileSync(path.join(work, 'sshd.pid'), 'utf8').trim()) : 0;
      if (!(sshdPid > 1)) await new Promise((r) => setTimeout(r, 50));
    }
    const auditor = options.auditor ? addAuditor(work, sshdPid, options.auditor) : undefined;
    return {
      ...(auditor ? { auditor } : {}),
      ns,
      peer,
      host,
      port,
      identityFile: clientKey,
      knownHostsFile,
      fingerprint,
      sshdPid,
      work,
      nsenterArgv: (argv) => ['nsenter', '-t', String(sshdPid), '-n', '-m', '--', ...argv],
      killConnections: () => {
        const children = execFileSync('ps', ['--ppid', String(sshdPid), '-o', 'pid='], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
        for (const pid of children) process.kill(pid, 'SIGKILL');
      },
      destroy,
    };
  } catch (e) {
    destroy();
    throw e;
  }
}

/** sshd settings for the account alone: its own authorized_keys; a password login only when asked. */
function auditorMatchBlock(work: string, auditor: GatewayAuditorOptions): string[] {
  return [
    `Match User ${AUDITOR_USER}`,
    `  AuthorizedKeysFile ${path.join(work, 'auditor_authorized_keys')}`,
    `  PasswordAuthentication ${auditor.passwordLogin === true ? 'yes' : 'no'}`,
  ];
}

/**
 * Before sshd starts: the account's key pair, readable by the account (sshd reads
 * authorized_keys as the user), and the sudoers drop-in in the /etc copy: sudo for the account
 * asks for its password every time (no NOPASSWD, no cached timestamp, timestamps in `work`).
 */
function prepareAuditorFiles(work: string, etcCopy: string): void {
  chmodSync(work, 0o711);
  const key = path.join(work, 'auditor_ed25519');
  keygen(key, 'auditor-account');
  copyFileSync(`${key}.pub`, path.join(work, 'auditor_authorized_keys'));
  chmodSync(path.join(work, 'auditor_authorized_keys'), 0o644);
  const dropIn = path.join(etcCopy, 'sudoers.d', 'pptp-auditor-test');
  writeFileSync(dropIn, [`Defaults:${AUDITOR_USER} timestamp_timeout=0, timestampdir=${path.join(work, 'sudo-ts')}, !lecture`, `${AUDITOR_USER} ALL=(root) ALL`, ''].join('\n'), { mode: 0o440 });
  execFileSync('visudo', ['-c', '-q', '-f', dropIn]);
}

/** useradd and chpasswd run inside the gateway's mount namespace: they change its /etc copy. */
function addAuditor(work: string, sshdPid: number, auditor: GatewayAuditorOptions): GatewayAuditor {
  const inside = (argv: string[], input?: string) => execFileSync('nsenter', ['-t', String(sshdPid), '-m', '--', ...argv], { input, stdio: ['pipe', 'pipe', 'pipe'] });
  const home = path.join(work, 'home-auditor');
  // -l: no lastlog/faillog entry (/var/log there is the planted syslog folder).
  inside(['useradd', '-l', '-m', '-d', home, '-s', '/bin/sh', AUDITOR_USER]);
  inside(['chpasswd'], `${AUDITOR_USER}:${auditor.password}\n`);
  return { user: AUDITOR_USER, identityFile: path.join(work, 'auditor_ed25519'), password: auditor.password };
}
