/**
 * THE sanitiser for text a bundle (or any untrusted source) provides and the CLI prints to a
 * terminal: site names, finding titles, file names from a folder listing, error messages that
 * quote them. Control characters (C0 including newline and tab, DEL, C1) and the bidirectional
 * overrides that reorder what is shown are replaced by a visible escape such as `\x1b`, so an
 * ESC sequence cannot repaint the screen, retitle the window or forge a line of output.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
