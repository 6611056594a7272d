import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import './TerminalPane.css';
import type { PlannedCommand } from '../../../shared/steps/index';
import type { TerminalOpened } from '../../../shared/ipc/channels/terminal';
import { TERMINAL_COLS, TERMINAL_MAX_WRITE, terminalPlaceNotice } from '../../../shared/ipc/channels/terminal';
import { auditor } from '../api/auditor';

const FONT = "'DejaVu Sans Mono', monospace";
const FONT_SIZE = 13;
const ROWS = 18;

/** Splits text into pieces the backend accepts, never between the halves of a surrogate pair. */
function pieces(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > TERMINAL_MAX_WRITE) {
    let cut = TERMINAL_MAX_WRITE;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest !== '') out.push(rest);
  return out;
}

/** Columns that fit the element, from the width of the terminal font's cell. */
function fittingCols(host: HTMLElement): number {
  const probe = document.createElement('span');
  probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font-family:${FONT};font-size:${FONT_SIZE}px`;
  probe.textContent = 'W'.repeat(100);
  host.appendChild(probe);
  const cell = probe.getBoundingClientRect().width / 100;
  probe.remove();
  // Room for the scrollbar xterm draws at the right.
  const cols = cell > 0 ? Math.floor((host.clientWidth - 16) / cell) : 100;
  return Math.min(TERMINAL_COLS.max, Math.max(TERMINAL_COLS.min, cols));
}

interface ScreenProps {
  auditId: string;
  commands: PlannedCommand[];
  onOpened: (opened: TerminalOpened | null) => void;
}

/** The xterm screen bound to the audit's shell; mounted only while the disclosure is open. */
function TerminalScreen({ auditId, commands, onOpened }: ScreenProps) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const terminalId = useRef<string | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  const send = (data: string, origin: 'keyboard' | 'paste-button') => {
    const id = terminalId.current;
    if (!id) return;
    for (const piece of pieces(data)) {
      auditor()
        .terminal.write({ terminalId: id, data: piece, origin })
        .catch((e: Error) => setError(e.message));
    }
  };

  useEffect(() => {
    const element = host.current!;
    const xterm = new Terminal({ fontFamily: FONT, fontSize: FONT_SIZE, rows: ROWS, cols: fittingCols(element), scrollback: 5000, cursorBlink: true, theme: { background: '#0f1b2b' } });
    term.current = xterm;
    xterm.open(element);
    let alive = true;
    setEnded(null);
    setError(null);
    const offOutput = auditor().on('terminal.output', (batch) => {
      if (batch.terminalId === terminalId.current) xterm.write(batch.data);
    });
    const offExit = auditor().on('terminal.exit', (exit) => {
      if (exit.terminalId !== terminalId.current) return;
      terminalId.current = null;
      xterm.write(`\r\n\x1b[33m[terminal closed: ${exit.reason}]\x1b[0m\r\n`);
      setEnded(exit.reason);
      onOpened(null);
    });
    const onKeys = xterm.onData((data) => send(data, 'keyboard'));
    const onResize = xterm.onResize(({ cols, rows }) => {
      const id = terminalId.current;
      if (id) auditor().terminal.resize({ terminalId: id, cols, rows }).catch(() => undefined);
    });
    const refit = () => {
      const cols = fittingCols(element);
      if (cols !== xterm.cols) xterm.resize(cols, ROWS);
    };
    window.addEventListener('resize', refit);
    auditor()
      .terminal.open({ auditId, cols: xterm.cols, rows: xterm.rows })
      .then((opened) => {
        if (!alive) return;
        terminalId.current = opened.terminalId;
        if (opened.replay) xterm.write(opened.replay);
        onOpened(opened);
        xterm.focus();
      })
      .catch((e: Error) => alive && setError(e.message));
    return () => {
      // The shell keeps running while the pane is folded; opening it again re-attaches.
      alive = false;
      terminalId.current = null;
      window.removeEventListener('resize', refit);
      offOutput();
      offExit();
      onKeys.dispose();
      onResize.dispose();
      xterm.dispose();
      term.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [auditId, generation]);

  const paste = (command: string) => {
    const xterm = term.current;
    if (!xterm) return;
    // Into the prompt, without Enter: running it is the auditor's decision.
    const line = command.replace(/[\r\n]+/g, ' ');
    send(xterm.modes.bracketedPasteMode ? `\x1b[200~${line}\x1b[201~` : line, 'paste-button');
    xterm.focus();
  };

  const close = () => {
    const id = terminalId.current;
    if (id) auditor().terminal.close({ terminalId: id }).catch((e: Error) => setError(e.message));
  };

  return (
    <>
      {commands.length > 0 && (
        <div className="terminal-paste">
          <span className="muted">Paste into the prompt:</span>
          {commands.map((c, i) => (
            <button
              // The same command can be listed twice (tunnel and carrier on one interface).
              key={`${i}-${c.display}`}
              type="button"
              title={`${c.purpose}${c.privileged ? ' (needs root)' : ''}`}
              aria-label={`Paste ${c.display} into the terminal`}
              disabled={ended !== null}
              onClick={() => paste(c.display)}
            >
              {c.privileged ? '# ' : '$ '}
              {c.display}
            </button>
          ))}
        </div>
      )}
      <div ref={host} className="terminal-screen" data-testid="terminal-screen" />
      <div className="terminal-status">
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
        {ended !== null ? (
          <button type="button" onClick={() => setGeneration((g) => g + 1)}>
            Open a new terminal
          </button>
        ) : (
          <button type="button" className="small" onClick={close}>
            Close terminal
          </button>
        )}
      </div>
    </>
  );
}

/**
 * A shell beside the step, for the auditor to run a command by hand. It is the auditor's own
 * action: it runs as the app's user (not through the sudo-helper) and everything typed and
 * printed is kept in the audit's evidence as it happens.
 */
export function TerminalPane({
  auditId,
  commands,
  closed,
  auditGateway,
}: {
  auditId: string;
  commands: PlannedCommand[];
  closed: boolean;
  /** The gateway the audit runs on (ssh://…), or null: the shell runs on this machine either way. */
  auditGateway: string | null;
}) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState<TerminalOpened | null>(null);
  const who = opened ? `${opened.user}${opened.uid !== null ? ` (uid ${opened.uid})` : ''}` : 'the app’s user';
  const place = terminalPlaceNotice(auditGateway);
  return (
    <details className="terminal-pane" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{place !== null ? 'Terminal (this machine, not the gateway)' : 'Terminal'}</summary>
      <div className="terminal-body">
        {place !== null && (
          <p className="terminal-place" role="note" data-testid="terminal-place">
            {place.charAt(0).toUpperCase() + place.slice(1)}.
          </p>
        )}
        <p className="terminal-warning" data-testid="terminal-warning">
          Runs as {who}, the app&apos;s own user — not through the sudo-helper. Commands typed here are your own action, not
          an operation of the audit: everything typed and printed is kept in the evidence
          {opened ? (
            <>
              {' '}
              (<code>{opened.transcript}</code>)
            </>
          ) : null}{' '}
          with UTC times, marked as typed by hand. At a password prompt (no echo) only the number of characters is
          kept; type a password only once its prompt is shown.
        </p>
        {closed ? (
          <p className="muted">The audit is finished: its evidence is sealed, so the terminal is closed.</p>
        ) : (
          // The step's commands are meant for the gateway: pasting them into this machine's shell
          // would run them on the wrong host, so a gateway audit offers none.
          open && <TerminalScreen auditId={auditId} commands={place !== null ? [] : commands} onOpened={setOpened} />
        )}
      </div>
    </details>
  );
}
