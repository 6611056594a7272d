import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import type { IPty } from 'node-pty';
import { terminalPlaceNotice, type TerminalOpened } from '../../shared/ipc/channels/terminal';
import { Batcher } from '../backend/batcher';
import { UserFacingError } from '../backend/dispatcher';
import type { PushHub } from '../backend/pushHub';
import type { EvidenceBundle } from '../evidence';
import { probeEchoState, type EchoState } from './echoState';
import { Transcript } from './transcript';
import { hiddenInputLabel, LineAssembler } from './typedLines';

type PtyModule = typeof import('node-pty');
let ptyModule: Promise<PtyModule> | null = null;

/**
 * node-pty is native: loaded on first use, so a build for the wrong ABI (an Electron not yet
 * rebuilt for) breaks the terminal with a message instead of the whole backend at start.
 */
function loadPty(): Promise<PtyModule> {
  ptyModule ??= import('node-pty').catch((error: Error) => {
    ptyModule = null;
    throw new UserFacingError(`the terminal is not available here: node-pty did not load (${error.message.split('\n')[0]})`, 'unavailable');
  });
  return ptyModule;
}

/** A runaway command (`yes`, a binary cat) must not fill the disk the evidence lives on. */
export const DEFAULT_MAX_TRANSCRIPT_BYTES = 256 * 1024 * 1024;

export interface TerminalServiceOptions {
  /** Shell and its arguments; bash without start-up files by default. */
  shell?: { file: string; args: string[] };
  /** Output is pushed at most this often... */
  batchIntervalMs?: number;
  /** ...or as soon as this much is pending. */
  batchMaxBytes?: number;
  /** Recent output kept to redraw a pane mounted again. */
  replayChars?: number;
  /** After the hang-up, how long the shell has before SIGKILL. */
  killGraceMs?: number;
  /** Output kept per terminal before it is stopped. */
  maxTranscriptBytes?: number;
  /** Reads whether the pty shows what is typed now; default: stty on the pty's slave. */
  echoState?: (pty: IPty) => Promise<EchoState>;
  now?: () => Date;
  /** The gateway an audit runs on (ssh://…), or null for this machine: the shell still runs here, and says so. */
  gatewayOf?: (auditId: string) => string | null;
}

interface OpenTerminal {
  id: string;
  auditId: string;
  clientId: string;
  pty: IPty;
  transcript: Transcript;
  batcher: Batcher<string>;
  pendingBytes: number;
  keptBytes: number;
  replay: string;
  lines: LineAssembler;
  shell: string;
  user: string;
  uid: number | null;
  auditGateway: string | null;
  ended: boolean;
  /** Why it ended, for a write that was waiting when it did. */
  endReason: string;
  /** Writes in arrival order: each waits for its echo probe and for the writes before it. */
  input: Promise<unknown>;
}

/** The pty's slave device (/dev/pts/N): node-pty has it on Unix but leaves it out of its types. */
function slavePath(pty: IPty): string | undefined {
  const name = (pty as IPty & { ptsName?: unknown }).ptsName;
  return typeof name === 'string' ? name : undefined;
}

/** What the transcript's header says about passwords typed into the terminal. */
export const HIDDEN_INPUT_NOTICE =
  'what is typed while the terminal does not echo it (a password prompt: sudo, ssh, su, read -s) is not kept: it is recorded as [hidden input, N characters]';

function defaultShell(): { file: string; args: string[] } {
  if (existsSync('/bin/bash')) return { file: '/bin/bash', args: ['--noprofile', '--norc'] };
  return { file: process.env.SHELL || '/bin/sh', args: [] };
}

function appUser(): { user: string; uid: number | null } {
  const uid = process.getuid?.() ?? null;
  try {
    return { user: os.userInfo().username, uid };
  } catch {
    return { user: uid === null ? 'unknown' : `uid ${uid}`, uid };
  }
}

/**
 * The audit's terminal pane: one shell per open audit, in the audit's folder, running as the
 * app's own user (never through the sudo-helper). Everything typed and printed goes into the
 * audit's evidence as it happens (outputs/terminal-<n>.jsonl) before it reaches the shell or
 * the screen; what is typed there is the auditor's own doing, not an enumerated operation.
 */
export class TerminalService {
  private readonly terminals = new Map<string, OpenTerminal>();
  /** Opens under way, by audit: a second click while node-pty loads joins the first. */
  private readonly opening = new Map<string, Promise<TerminalOpened>>();
  private disposed = false;
  private readonly now: () => Date;

  constructor(
    private readonly hub: PushHub,
    private readonly bundleOf: (auditId: string) => EvidenceBundle,
    private readonly options: TerminalServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async open(auditId: string, cols: number, rows: number, clientId: string): Promise<TerminalOpened> {
    const pending = this.opening.get(auditId);
    if (pending) {
      await pending.catch(() => undefined);
      return this.open(auditId, cols, rows, clientId);
    }
    const existing = [...this.terminals.values()].find((t) => t.auditId === auditId);
    if (existing) {
      // One owner: the window that opened the shell. Another one neither sees nor drives it
      // (its output could hold what the owner reads on screen; its input runs as the app).
      if (existing.clientId !== clientId) {
        throw new UserFacingError("this audit's terminal is open in another window; only that window can use it", 'forbidden');
      }
      // The owner's pane mounted again re-attaches to the running shell.
      // What is still batched goes out first: the replay below already holds it, and a pane
      // ignores pushes for a terminal until this reply names it, so nothing shows twice.
      existing.batcher.flush();
      this.resizePty(existing, cols, rows);
      return this.opened(existing);
    }
    const started = this.spawnFor(auditId, cols, rows, clientId);
    this.opening.set(auditId, started);
    try {
      return await started;
    } finally {
      this.opening.delete(auditId);
    }
  }

  private async spawnFor(auditId: string, cols: number, rows: number, clientId: string): Promise<TerminalOpened> {
    const { spawn } = await loadPty();
    if (this.disposed) throw new UserFacingError('the app is shutting down', 'unavailable');
    const bundle = this.bundleOf(auditId);
    const transcript = Transcript.next(bundle, this.now);
    const shell = this.options.shell ?? defaultShell();
    const { user, uid } = appUser();
    const auditGateway = this.options.gatewayOf?.(auditId) ?? null;
    const place = terminalPlaceNotice(auditGateway);
    transcript.append({
      dir: 'meta',
      event: 'opened',
      data: `terminal opened by the auditor: ${place !== null ? `${place}; ` : ''}what follows was typed by hand (not an enumerated operation of the audit) and ran as ${user}, the app's own user, not through the sudo-helper; ${HIDDEN_INPUT_NOTICE}`,
      runsOn: 'this-machine',
      auditGateway,
      shell: shell.file,
      args: shell.args,
      cwd: bundle.dir,
      user,
      uid,
      origin: 'typed-by-hand',
      hiddenInput: 'counted-not-kept',
    });
    let pty: IPty;
    try {
      pty = spawn(shell.file, shell.args, {
        name: 'xterm-256color',
        cols,
        rows,
        cwd: bundle.dir,
        env: this.environment(shell.file),
      });
    } catch (error) {
      transcript.append({ dir: 'meta', event: 'closed', data: `the shell could not start: ${(error as Error).message}`, exitCode: null, signal: null });
      throw new UserFacingError(`cannot start ${shell.file}: ${(error as Error).message}`);
    }
    const id = randomUUID();
    const terminal: OpenTerminal = {
      id,
      auditId,
      clientId,
      pty,
      transcript,
      batcher: new Batcher<string>((chunks) => this.push(terminal, chunks), this.options.batchIntervalMs ?? 30, Number.MAX_SAFE_INTEGER),
      pendingBytes: 0,
      keptBytes: 0,
      replay: '',
      lines: new LineAssembler(),
      shell: shell.file,
      user,
      uid,
      auditGateway,
      ended: false,
      endReason: '',
      input: Promise.resolve(),
    };
    this.terminals.set(id, terminal);
    pty.onData((data) => this.output(terminal, data));
    // Output can trail the exit event by a moment: let it land in the transcript first.
    pty.onExit(({ exitCode, signal }) => {
      setTimeout(() => this.end(terminal, 'the shell exited', exitCode, signal ?? null), 50).unref();
    });
    return this.opened(terminal);
  }

  /**
   * Refused at once for a closed terminal or another window's; otherwise queued behind the
   * writes before it, so keystrokes reach the transcript and the shell in the order typed.
   */
  write(terminalId: string, data: string, origin: 'keyboard' | 'paste-button', clientId: string): Promise<{ accepted: number }> {
    const terminal = this.owned(terminalId, clientId);
    const delivered = terminal.input.then(() => this.deliver(terminal, data, origin));
    terminal.input = delivered.catch(() => undefined);
    return delivered;
  }

  /**
   * The echo state is read before the input is kept: typed at a no-echo prompt (a password),
   * only its length reaches the evidence. The check comes before the shell gets the input, so
   * the state is the one the prompt set for exactly this input.
   */
  private async deliver(terminal: OpenTerminal, data: string, origin: 'keyboard' | 'paste-button'): Promise<{ accepted: number }> {
    const state = await (this.options.echoState ?? ((pty: IPty) => probeEchoState(slavePath(pty))))(terminal.pty).catch((): EchoState => 'unknown');
    if (terminal.ended) throw new UserFacingError(`this terminal is closed (${terminal.endReason}); open it again`);
    const hidden = state !== 'visible';
    const record = hidden ? { dir: 'in' as const, data: hiddenInputLabel(data.length), hidden: data.length } : { dir: 'in' as const, data };
    if (!this.keep(terminal, { ...record, ...(origin === 'paste-button' ? { origin } : {}) })) {
      throw new UserFacingError('the terminal stopped: its transcript could not be written to the evidence');
    }
    for (const typed of terminal.lines.feed(data, hidden)) {
      this.keep(terminal, { dir: 'line', data: typed.line, approximate: typed.approximate });
    }
    terminal.pty.write(data);
    return { accepted: data.length };
  }

  resize(terminalId: string, cols: number, rows: number, clientId: string): { cols: number; rows: number } {
    const terminal = this.owned(terminalId, clientId);
    this.resizePty(terminal, cols, rows);
    return { cols, rows };
  }

  close(terminalId: string, clientId: string): { closed: boolean } {
    const terminal = this.terminals.get(terminalId);
    if (!terminal) return { closed: false };
    this.owned(terminalId, clientId);
    this.end(terminal, 'closed from the pane', null, null);
    return { closed: true };
  }

  /** Before the audit's bundle is closed: the transcript must end while the bundle takes writes. */
  closeAudit(auditId: string): void {
    for (const terminal of [...this.terminals.values()]) {
      if (terminal.auditId === auditId) this.end(terminal, 'the audit was finished', null, null);
    }
  }

  clientGone(clientId: string): void {
    for (const terminal of [...this.terminals.values()]) {
      if (terminal.clientId === clientId) this.end(terminal, 'its window went away', null, null);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const terminal of [...this.terminals.values()]) this.end(terminal, 'the app shut down', null, null);
  }

  /** The pids of the running shells (tests check they are gone). */
  pidOf(terminalId: string): number | null {
    return this.terminals.get(terminalId)?.pty.pid ?? null;
  }

  private output(terminal: OpenTerminal, data: string): void {
    if (terminal.ended) return;
    // Kept first: nothing reaches the screen that the evidence does not hold.
    if (!this.keep(terminal, { dir: 'out', data })) return;
    terminal.keptBytes += Buffer.byteLength(data);
    const cap = this.options.maxTranscriptBytes ?? DEFAULT_MAX_TRANSCRIPT_BYTES;
    if (terminal.keptBytes > cap) {
      terminal.batcher.push(data);
      this.end(terminal, `its output passed ${(cap / 1024 / 1024).toFixed(cap < 1024 * 1024 ? 2 : 0)} MiB; stopped to keep the evidence disk from filling`, null, null);
      return;
    }
    const max = this.options.replayChars ?? 64 * 1024;
    terminal.replay = (terminal.replay + data).slice(-max);
    terminal.batcher.push(data);
    terminal.pendingBytes += Buffer.byteLength(data);
    if (terminal.pendingBytes >= (this.options.batchMaxBytes ?? 32 * 1024)) terminal.batcher.flush();
  }

  private push(terminal: OpenTerminal, chunks: string[]): void {
    terminal.pendingBytes = 0;
    // Only to the owner: another client must not read what the shell prints.
    this.hub.emit('terminal.output', { terminalId: terminal.id, data: chunks.join('') }, terminal.clientId);
  }

  /** Appends to the transcript; a failure (disk full, bundle closed) ends the terminal. */
  private keep(terminal: OpenTerminal, record: Parameters<Transcript['append']>[0]): boolean {
    if (terminal.ended) return false;
    try {
      terminal.transcript.append(record);
      return true;
    } catch (error) {
      this.end(terminal, `its transcript could not be written: ${(error as Error).message}`, null, null, false);
      return false;
    }
  }

  private end(terminal: OpenTerminal, reason: string, exitCode: number | null, signal: number | null, record = true): void {
    if (terminal.ended) return;
    if (record) this.keep(terminal, { dir: 'meta', event: 'closed', data: reason, exitCode, signal });
    terminal.ended = true;
    terminal.endReason = reason;
    terminal.batcher.dispose();
    this.terminals.delete(terminal.id);
    this.hub.emit('terminal.exit', { terminalId: terminal.id, exitCode, signal, reason }, terminal.clientId);
    if (reason !== 'the shell exited') this.kill(terminal.pty);
  }

  /** Hang-up first (bash passes it to its jobs), SIGKILL for a shell that ignores it. */
  private kill(pty: IPty): void {
    try {
      pty.kill('SIGHUP');
    } catch {
      return;
    }
    const grace = setTimeout(() => {
      try {
        process.kill(pty.pid, 0);
        pty.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }, this.options.killGraceMs ?? 2000);
    grace.unref();
  }

  private resizePty(terminal: OpenTerminal, cols: number, rows: number): void {
    if (terminal.pty.cols === cols && terminal.pty.rows === rows) return;
    terminal.pty.resize(cols, rows);
    this.keep(terminal, { dir: 'resize', cols, rows });
  }

  private owned(terminalId: string, clientId: string): OpenTerminal {
    const terminal = this.terminals.get(terminalId);
    if (!terminal) throw new UserFacingError('this terminal is closed; open it again');
    if (terminal.clientId !== clientId) throw new UserFacingError('this terminal is attached to another window', 'forbidden');
    return terminal;
  }

  private opened(terminal: OpenTerminal): TerminalOpened {
    return {
      terminalId: terminal.id,
      transcript: terminal.transcript.rel,
      shell: terminal.shell,
      user: terminal.user,
      uid: terminal.uid,
      auditGateway: terminal.auditGateway,
      replay: terminal.replay,
    };
  }

  /** Minimal on purpose: the app's secrets and session variables stay out of the shell. */
  private environment(shell: string): Record<string, string> {
    const env: Record<string, string> = {
      PATH: process.env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: os.homedir(),
      TERM: 'xterm-256color',
      LANG: process.env.LANG || 'C.UTF-8',
    };
    if (shell.endsWith('/bash')) env.PS1 = '[audit terminal] \\u@\\h:\\W\\$ ';
    return env;
  }
}
