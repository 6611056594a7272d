/**
 * Reading what sudo writes to the terminal. sudo runs with LC_ALL=C so its messages are the
 * English ones matched here; the password prompt is our own random marker (`sudo -p`), so a
 * prompt can not be confused with anything a lecture or PAM module prints.
 */
export type SudoEvent =
  | { kind: 'prompt' }
  | { kind: 'wrong-password' }
  | { kind: 'not-allowed'; message: string }
  | { kind: 'ready'; pid: number };

const NOT_ALLOWED = [
  /is not in the sudoers file/,
  /is not allowed to execute/,
  /is not allowed to run sudo/,
  /may not run sudo on/,
  /Sorry, user \S+ may not run sudo/,
  /Sorry, user \S+ is not allowed to execute/,
];
/**
 * sudo normally shows our -p marker, but a PAM module or `passprompt_override` can put its own
 * prompt instead; these are recognised too, at the very end of the transcript only.
 */
const GENERIC_PROMPT = /(?:\[sudo\] password for [^\r\n:]*|^Password): ?$/gm;

const WRONG = [/Sorry, try again\./, /incorrect password attempts?/, /Authentication failure/i];

export function sudoPromptMarker(random: string): string {
  // No '%': sudo expands %u, %h, %p... in the prompt.
  return `[pptp-auditor ${random}] password for the helper: `;
}

/**
 * Scans the whole terminal transcript so far (it is short) and reports what happened, in
 * order of precedence: refusal first (sudo may print a prompt before refusing), then a ready
 * helper, then prompts.
 */
export function scanSudoTranscript(
  transcript: string,
  marker: string,
  readyMarker: string,
): { prompts: number; outcome: SudoEvent | null } {
  const markerPrompts = transcript.split(marker).length - 1;
  const genericPrompts = markerPrompts === 0 ? (transcript.match(GENERIC_PROMPT) ?? []).length : 0;
  const prompts = Math.max(markerPrompts, genericPrompts);
  for (const re of NOT_ALLOWED) {
    const m = re.exec(transcript);
    if (m) {
      const line = transcript.slice(transcript.lastIndexOf('\n', m.index) + 1).split(/\r?\n/)[0] ?? m[0];
      return { prompts, outcome: { kind: 'not-allowed', message: line.trim().slice(0, 300) } };
    }
  }
  const ready = new RegExp(`${readyMarker} pid=(\\d+)`).exec(transcript);
  if (ready) return { prompts, outcome: { kind: 'ready', pid: Number(ready[1]) } };
  if (WRONG.some((re) => re.test(transcript)) || prompts > 1) return { prompts, outcome: { kind: 'wrong-password' } };
  return { prompts, outcome: prompts === 1 ? { kind: 'prompt' } : null };
}
