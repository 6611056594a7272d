import { execFile } from 'node:child_process';

/**
 * Whether what is typed now would be shown by the terminal or read hidden (a password prompt).
 * 'unknown' (the state could not be read) is handled like 'hidden': a secret must not reach
 * the evidence because a probe failed.
 */
export type EchoState = 'visible' | 'hidden' | 'unknown';

/** The two local-mode flags of termios(3) that tell a password prompt apart. */
export interface LineFlags {
  echo: boolean;
  icanon: boolean;
}

/** Reads `echo`/`-echo` and `icanon`/`-icanon` out of `stty -a`; null when either is missing. */
export function parseSttyFlags(text: string): LineFlags | null {
  const tokens = new Set(text.split(/[\s;]+/));
  const flag = (name: string): boolean | null => (tokens.has(name) ? true : tokens.has(`-${name}`) ? false : null);
  const echo = flag('echo');
  const icanon = flag('icanon');
  return echo === null || icanon === null ? null : { echo, icanon };
}

/**
 * A prompt that reads a whole line without echo (sudo, ssh, su, passwd, `read -s`, getpass)
 * keeps canonical mode and turns ECHO off. A line editor (bash's readline, vim, less) also
 * turns ECHO off, but in non-canonical mode, and draws what is typed itself: that input shows
 * on the screen, so it is not hidden. (A prompt that reads key by key and prints stars, e.g.
 * sudo with `pwfeedback`, looks like a line editor here; see the README's security section.)
 */
export function echoStateOf(flags: LineFlags | null): EchoState {
  if (flags === null) return 'unknown';
  return !flags.echo && flags.icanon ? 'hidden' : 'visible';
}

/**
 * The pty's current line discipline, read by /bin/stty (a fixed path: no PATH lookup) on the pty's slave side (node-pty does not
 * expose tcgetattr). Linux's stty takes -F, the BSDs' and macOS's -f. No slave path (Windows'
 * ConPTY has no termios) or a failed read gives 'unknown'.
 */
export function probeEchoState(ptsPath: string | undefined): Promise<EchoState> {
  if (!ptsPath || process.platform === 'win32') return Promise.resolve('unknown');
  const device = process.platform === 'linux' ? '-F' : '-f';
  return new Promise((resolve) => {
    execFile('/bin/stty', [device, ptsPath, '-a'], { env: { LC_ALL: 'C' }, timeout: 5_000 }, (error, stdout) => {
      resolve(error ? 'unknown' : echoStateOf(parseSttyFlags(stdout)));
    });
  });
}
