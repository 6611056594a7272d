import { z } from 'zod';
import { invoke, push } from '../define';
import { auditIdSchema } from './report';

/** Keystrokes and pastes arrive in small pieces; anything larger than this per call is refused. */
export const TERMINAL_MAX_WRITE = 4096;
export const TERMINAL_COLS = { min: 10, max: 500 } as const;
export const TERMINAL_ROWS = { min: 2, max: 200 } as const;

const terminalIdSchema = z.string().uuid();
const colsSchema = z.number().int().min(TERMINAL_COLS.min).max(TERMINAL_COLS.max);
const rowsSchema = z.number().int().min(TERMINAL_ROWS.min).max(TERMINAL_ROWS.max);

/** The audit's terminal as the pane needs it to attach (or re-attach) to it. */
export interface TerminalOpened {
  terminalId: string;
  /** Bundle-relative transcript, e.g. outputs/terminal-1.jsonl. */
  transcript: string;
  shell: string;
  /** The account the shell runs as: the app's own, never the sudo-helper's. */
  user: string;
  uid: number | null;
  /**
   * The gateway the audit runs on (ssh://…), or null: this machine. The shell itself always runs
   * on this machine, so for a gateway audit the pane and the transcript say so (terminalPlaceNotice).
   */
  auditGateway: string | null;
  /** The recent output, so a pane mounted again shows the screen it had. */
  replay: string;
}

export const terminalInvoke = {
  /** Opens the audit's terminal, or re-attaches to the one already running. */
  'terminal.open': invoke<TerminalOpened>()(
    z.object({ auditId: auditIdSchema, cols: colsSchema.default(100), rows: rowsSchema.default(20) }).strict(),
  ),
  'terminal.write': invoke<{ accepted: number }>()(
    z
      .object({
        terminalId: terminalIdSchema,
        data: z.string().min(1).max(TERMINAL_MAX_WRITE),
        /** A command put there by the pane's paste button rather than typed key by key. */
        origin: z.enum(['keyboard', 'paste-button']).default('keyboard'),
      })
      .strict(),
  ),
  'terminal.resize': invoke<{ cols: number; rows: number }>()(
    z.object({ terminalId: terminalIdSchema, cols: colsSchema, rows: rowsSchema }).strict(),
  ),
  'terminal.close': invoke<{ closed: boolean }>()(z.object({ terminalId: terminalIdSchema }).strict()),
};

export interface TerminalOutput {
  terminalId: string;
  data: string;
}

export interface TerminalExit {
  terminalId: string;
  exitCode: number | null;
  signal: number | null;
  /** Why it ended: the shell exited, the audit was finished, the pane closed it, a transcript error. */
  reason: string;
}

export const terminalPush = {
  /** What the shell printed, batched (~30 ms or 32 KiB), never one message per chunk. */
  'terminal.output': push<TerminalOutput>(),
  'terminal.exit': push<TerminalExit>(),
};

/**
 * Where the terminal's shell runs, said where an auditor could think otherwise: during an audit
 * that runs on a gateway, a command typed here would otherwise look like one run on the gateway.
 * null when the audit runs on this machine (nothing to tell apart).
 */
export function terminalPlaceNotice(auditGateway: string | null): string | null {
  if (auditGateway === null) return null;
  return `this terminal runs on this machine (the auditor's laptop), not on the gateway ${auditGateway}: to run a command there, use ssh from it`;
}
