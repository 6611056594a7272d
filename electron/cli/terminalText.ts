/**
 * Text from a bundle, a log or a site engineer's file is printed to the auditor's terminal:
 * control characters (escape sequences that move the cursor, rewrite the title, hide lines)
 * are shown as visible \xNN instead of being obeyed. Tab is kept.
 */
export function sanitiseForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
