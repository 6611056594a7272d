/** A line the auditor entered, rebuilt from keystrokes for the reader of the transcript. */
export interface TypedLine {
  line: string;
  /**
   * The line went through editing the rebuild cannot follow (arrow keys, history, tab
   * completion, Ctrl-R): the raw `in` and `out` records beside it are the exact account.
   */
  approximate: boolean;
}

const MAX_LINE = 8192;
/** Stands for one character typed at a no-echo prompt; never kept, only counted. */
const HIDDEN = '\u0000';
const HIDDEN_RUN = /\u0000+/g;

/** How a run of characters typed at a no-echo prompt appears in the transcript. */
export function hiddenInputLabel(count: number): string {
  return `[hidden input, ${count} character${count === 1 ? '' : 's'}]`;
}
const BRACKETED_PASTE = /\x1b\[20[01]~/g;
/** CSI (ESC [ … final byte), SS3 (ESC O x) or a lone ESC + char. */
const ESCAPE = /^\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?/s;

/**
 * Follows what is typed into the terminal well enough to log each entered line as text:
 * printable characters, backspace, Enter, Ctrl-C/Ctrl-U. Anything cleverer marks the line
 * approximate instead of guessing.
 */
export class LineAssembler {
  private line = '';
  private approximate = false;

  /** `hidden`: typed at a no-echo prompt; its characters are counted, never kept. */
  feed(data: string, hidden = false): TypedLine[] {
    const entered: TypedLine[] = [];
    let rest = data.replace(BRACKETED_PASTE, '');
    while (rest.length > 0) {
      const ch = rest[0]!;
      if (ch === '\x1b') {
        const match = ESCAPE.exec(rest);
        const length = match?.[0].length ?? 1;
        rest = rest.slice(length);
        this.approximate = true;
        continue;
      }
      rest = rest.slice(1);
      if (ch === '\r' || ch === '\n') {
        if (this.line !== '' || this.approximate) entered.push({ line: this.shown(), approximate: this.approximate });
        this.reset();
      } else if (ch === '\x7f' || ch === '\b') {
        this.line = this.line.slice(0, -1);
      } else if (ch === '\x03' || ch === '\x15') {
        // Ctrl-C abandons the line, Ctrl-U erases it: nothing was entered.
        this.reset();
      } else if (ch < ' ') {
        this.approximate = true;
      } else if (this.line.length < MAX_LINE) {
        this.line += hidden ? HIDDEN : ch;
      } else {
        this.approximate = true;
      }
    }
    return entered;
  }

  private shown(): string {
    return this.line.replace(HIDDEN_RUN, (run) => hiddenInputLabel(run.length));
  }

  private reset(): void {
    this.line = '';
    this.approximate = false;
  }
}
