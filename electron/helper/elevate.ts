import { spawn as spawnChild } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { HELPER_READY_MARKER } from '../../shared/ops/protocol';
import type { Runner } from '../../shared/ops/runner';
import { AuditLog } from '../ops/auditLog';
import { DirectRunner } from '../ops/directRunner';
import { HelperClient } from './client';
import { helperFileProblem, nodeBinaryProblem, SYSTEM_NODE } from './helperLocation';
import { scanSudoTranscript, sudoPromptMarker } from './sudoOutput';

export type ElevationMethod = 'direct' | 'sudo' | 'pkexec';

export type ElevationFailure = 'wrong-password' | 'not-allowed' | 'cancelled' | 'unavailable' | 'failed';

export type ElevationResult =
  | { ok: true; method: ElevationMethod; runner: Runner }
  | { ok: false; method: ElevationMethod; reason: ElevationFailure; message: string };

export interface PasswordRequest {
  method: 'sudo';
  /** What to show the auditor: whose password sudo wants. */
  user: string;
}

export interface ElevateOptions {
  /** dist/helper.cjs (or the installed wrapper for pkexec, see build/polkit/README.md). */
  helperPath: string;
  /** JSON-lines audit log the helper appends to (part of the evidence). */
  auditLogPath: string;
  /** Asks the auditor for the sudo password; null = the auditor cancelled. Never stored. */
  askPassword: (request: PasswordRequest) => Promise<string | null>;
  method?: 'auto' | ElevationMethod;
  /** Command that runs the helper script: default this node, or the system's under Electron. */
  nodeCommand?: string[];
  idleTimeoutS?: number;
  /** Time allowed for sudo/pkexec and the helper, not counting the auditor typing. */
  timeoutMs?: number;
  sudoPath?: string;
  pkexecPath?: string;
  /** Where the polkit policy is installed (pkexec is used only when it is). */
  polkitPolicyPath?: string;
  /** pkexec runs this wrapper (named by the policy) instead of node + helperPath. */
  pkexecHelperPath?: string;
  env?: NodeJS.ProcessEnv;
}

export const POLKIT_ACTION_ID = 'org.pptpauditor.helper';
export const DEFAULT_POLKIT_POLICY = `/usr/share/polkit-1/actions/${POLKIT_ACTION_ID}.policy`;
export const DEFAULT_PKEXEC_WRAPPER = '/usr/lib/pptp-auditor/pptp-auditor-helper';

function defaultNodeCommand(): string[] {
  // Under Electron, process.execPath is the app binary, whose RunAsNode fuse is off (and
  // ELECTRON_RUN_AS_NODE would be a way into a root process if it were on): the system's node.
  return process.versions.electron ? [SYSTEM_NODE] : [process.execPath];
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function chooseMethod(options: ElevateOptions, uid: number): ElevationMethod {
  if (options.method && options.method !== 'auto') return options.method;
  if (uid === 0) return 'direct';
  const env = options.env ?? process.env;
  const desktop = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  const pkexec = options.pkexecPath ?? '/usr/bin/pkexec';
  if (desktop && executable(pkexec) && existsSync(options.polkitPolicyPath ?? DEFAULT_POLKIT_POLICY)) return 'pkexec';
  return 'sudo';
}

interface Session {
  dir: string;
  token: string;
  socketPath: string;
  helperArgs: string[];
}

async function prepareSession(options: ElevateOptions): Promise<Session> {
  // mkdtemp creates the directory 0700; the token file is 0600 and deleted by the helper.
  const dir = await mkdtemp(join(tmpdir(), 'pptp-auditor-helper-'));
  const token = randomBytes(32).toString('hex');
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return {
    dir,
    token,
    socketPath: join(dir, 'helper.sock'),
    helperArgs: [
      '--socket-dir',
      dir,
      '--token-file',
      tokenFile,
      '--audit-log',
      options.auditLogPath,
      '--parent-pid',
      String(process.pid),
      '--idle-timeout-s',
      String(options.idleTimeoutS ?? 1800),
    ],
  };
}

/**
 * Gets a Runner with root rights: in-process when already root, else a helper process started
 * through pkexec (desktop with the policy installed) or sudo in a pseudo-terminal. Never throws
 * for an expected failure: a wrong password, a user without sudo rights or a cancelled dialog
 * come back as { ok: false, reason, message } and the app goes on unprivileged.
 */
export async function elevate(options: ElevateOptions): Promise<ElevationResult> {
  const method = chooseMethod(options, process.getuid?.() ?? -1);
  if (method === 'direct') {
    try {
      return { ok: true, method, runner: new DirectRunner(await AuditLog.open(options.auditLogPath)) };
    } catch (e) {
      return { ok: false, method, reason: 'failed', message: `cannot open the audit log: ${(e as Error).message}` };
    }
  }
  let session: Session;
  try {
    session = await prepareSession(options);
  } catch (e) {
    return { ok: false, method, reason: 'failed', message: `cannot prepare the helper session: ${(e as Error).message}` };
  }
  const result = method === 'sudo' ? await viaSudo(options, session) : await viaPkexec(options, session);
  if (!result.ok) await rm(session.dir, { recursive: true, force: true }).catch(() => undefined);
  return result;
}

async function connectRunner(
  session: Session,
  method: ElevationMethod,
  stopProcess: () => void,
): Promise<ElevationResult> {
  try {
    const client = await HelperClient.connect(session.socketPath, session.token);
    client.onClose = () => {
      // Give the helper a moment to exit by itself, then make sure it did.
      setTimeout(stopProcess, 2000).unref();
      void rm(session.dir, { recursive: true, force: true }).catch(() => undefined);
    };
    return { ok: true, method, runner: client };
  } catch (e) {
    stopProcess();
    return { ok: false, method, reason: 'failed', message: (e as Error).message };
  }
}

function viaSudo(options: ElevateOptions, session: Session): Promise<ElevationResult> {
  const helperProblem = helperFileProblem(options.helperPath);
  if (helperProblem !== null) return Promise.resolve({ ok: false, method: 'sudo', reason: 'failed', message: helperProblem });
  const marker = sudoPromptMarker(randomBytes(6).toString('hex'));
  const nodeCommand = options.nodeCommand ?? defaultNodeCommand();
  const nodeProblem = nodeBinaryProblem(nodeCommand[0]!);
  if (nodeProblem !== null) return Promise.resolve({ ok: false, method: 'sudo', reason: 'unavailable', message: nodeProblem });
  const command = [...nodeCommand, options.helperPath, ...session.helperArgs];
  const sudo = options.sudoPath ?? '/usr/bin/sudo';
  if (!executable(sudo)) {
    return Promise.resolve({ ok: false, method: 'sudo', reason: 'unavailable', message: 'sudo is not installed (apt install sudo)' });
  }
  let pty: IPty;
  try {
    pty = spawnPty(sudo, ['-p', marker, '--', ...command], {
      name: 'xterm',
      cols: 200,
      rows: 24,
      cwd: session.dir,
      // English messages from sudo (they are matched in sudoOutput.ts).
      env: { ...(options.env ?? process.env), LC_ALL: 'C', LANG: 'C', LANGUAGE: '' },
    });
  } catch (e) {
    return Promise.resolve({ ok: false, method: 'sudo', reason: 'failed', message: `cannot start sudo: ${(e as Error).message}` });
  }

  return new Promise<ElevationResult>((resolve) => {
    let transcript = '';
    let answered = 0;
    let asking = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const armTimer = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(
        () => finish({ ok: false, method: 'sudo', reason: 'failed', message: 'sudo or the helper did not answer in time' }, true),
        options.timeoutMs ?? 60_000,
      );
    };
    const killPty = () => {
      try {
        pty.write('\x03');
      } catch {
        // already gone
      }
      setTimeout(() => {
        try {
          pty.kill('SIGKILL');
        } catch {
          // already gone
        }
      }, 300).unref();
    };
    const finish = (result: ElevationResult, kill: boolean) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (kill) killPty();
      resolve(result);
    };
    armTimer();

    pty.onData((data) => {
      if (settled) return; // after start-up the helper's own chatter is not needed
      transcript = (transcript + data).slice(-64 * 1024);
      const { prompts, outcome } = scanSudoTranscript(transcript, marker, HELPER_READY_MARKER);
      if (!outcome) return;
      switch (outcome.kind) {
        case 'not-allowed':
          return finish(
            { ok: false, method: 'sudo', reason: 'not-allowed', message: `this user may not start the helper through sudo (${outcome.message})` },
            true,
          );
        case 'wrong-password':
          return finish({ ok: false, method: 'sudo', reason: 'wrong-password', message: 'wrong password: sudo refused it' }, true);
        case 'ready':
          settled = true;
          if (timer) clearTimeout(timer);
          void connectRunner(session, 'sudo', killPty).then(resolve);
          return;
        case 'prompt':
          if (prompts > answered && !asking) {
            asking = true;
            if (timer) clearTimeout(timer);
            void options.askPassword({ method: 'sudo', user: process.env.USER ?? 'this user' }).then(
              (password) => {
                asking = false;
                if (settled) return;
                if (password === null) {
                  return finish({ ok: false, method: 'sudo', reason: 'cancelled', message: 'elevation cancelled by the auditor' }, true);
                }
                // A terminal would act on control characters (Enter, Ctrl-C...) instead of
                // passing them to sudo: such a password can not be typed there either.
                if (/[\u0000-\u001f\u007f]/.test(password)) {
                  return finish(
                    { ok: false, method: 'sudo', reason: 'wrong-password', message: 'the password contains control characters; not sent' },
                    true,
                  );
                }
                answered = prompts;
                armTimer();
                // Written exactly once for this prompt, never kept or logged.
                pty.write(`${password}\r`);
              },
              () => finish({ ok: false, method: 'sudo', reason: 'cancelled', message: 'elevation cancelled (no password)' }, true),
            );
          }
          return;
      }
    });
    pty.onExit(({ exitCode }) => {
      if (settled) return;
      const last = transcript
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.includes(marker))
        .slice(-3)
        .join(' | ')
        .slice(0, 400);
      finish({ ok: false, method: 'sudo', reason: 'failed', message: `sudo exited with status ${exitCode} before the helper was ready${last ? `: ${last}` : ''}` }, false);
    });
  });
}

function viaPkexec(options: ElevateOptions, session: Session): Promise<ElevationResult> {
  const pkexec = options.pkexecPath ?? '/usr/bin/pkexec';
  const wrapper = options.pkexecHelperPath ?? DEFAULT_PKEXEC_WRAPPER;
  return new Promise<ElevationResult>((resolve) => {
    // pkexec shows the desktop's own authentication dialog (polkit agent); no password here.
    const child = spawnChild(pkexec, ['--disable-internal-agent', wrapper, ...session.helperArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let out = '';
    let err = '';
    let settled = false;
    const timer = setTimeout(() => done({ ok: false, method: 'pkexec', reason: 'failed', message: 'pkexec or the helper did not answer in time' }, true), 5 * 60_000);
    const done = (result: ElevationResult, kill: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (kill) child.kill('SIGTERM');
      resolve(result);
    };
    child.stdout.on('data', (c: Buffer) => {
      if (settled) return;
      out = (out + c.toString('utf8')).slice(-16 * 1024);
      if (new RegExp(`${HELPER_READY_MARKER} pid=\\d+`).test(out)) {
        settled = true;
        clearTimeout(timer);
        void connectRunner(session, 'pkexec', () => child.kill('SIGTERM')).then(resolve);
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString('utf8')).slice(-4096);
    });
    child.on('error', (e) => done({ ok: false, method: 'pkexec', reason: 'unavailable', message: `cannot start pkexec: ${e.message}` }, false));
    child.on('close', (code) => done(pkexecOutcome(code, err), false));
  });
}

/** pkexec(1): 126 = the dialog was dismissed, 127 = not authorized or authentication failed. */
export function pkexecOutcome(code: number | null, stderr: string): ElevationResult {
  const detail = stderr.trim().split('\n').slice(-1)[0]?.slice(0, 300) ?? '';
  if (code === 126) return { ok: false, method: 'pkexec', reason: 'cancelled', message: 'the authentication dialog was dismissed' };
  if (code === 127) {
    return {
      ok: false,
      method: 'pkexec',
      reason: 'not-allowed',
      message: `not authorized to start the helper${detail ? ` (${detail})` : ''}`,
    };
  }
  return {
    ok: false,
    method: 'pkexec',
    reason: 'failed',
    message: `pkexec exited with status ${code ?? 'unknown'} before the helper was ready${detail ? `: ${detail}` : ''}`,
  };
}
