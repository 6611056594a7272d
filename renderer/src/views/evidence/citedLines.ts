import type { EvidenceRef } from '../../../../shared/model/evidence';

/** Shorter lines ("0", "COMMIT") would match by accident. */
const MIN_QUOTED = 12;

/** Whitespace-insensitive form, as excerpts are stored (shared/model/evidence excerpt()). */
function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The line numbers (1-based, in the whole file) a set of citations points at in `text`, whose
 * first line is `firstLine`. A citation with a line number is taken at its word; one without
 * is located by its excerpt (the first line whose text holds the excerpt's start), so older
 * findings that cite only a file and an excerpt still light up the line they quote.
 */
export function citedLines(refs: EvidenceRef[], file: string, text: string, firstLine = 1): Set<number> {
  const lines = text.split('\n');
  const cited = new Set<number>();
  for (const ref of refs) {
    if (ref.file !== file) continue;
    if (ref.line !== undefined) {
      cited.add(ref.line);
      continue;
    }
    const needle = squash(ref.excerpt.replace(/…$/, '')).slice(0, 60);
    const index = needle.length < 4 ? -1 : lines.findIndex((line) => squash(line).includes(needle));
    if (index >= 0) {
      cited.add(firstLine + index);
      continue;
    }
    // The excerpt may quote a line inside its own words ("filter/INPUT #3: -A INPUT … -j ACCEPT"):
    // a line of some length that the excerpt contains whole is the line it quotes.
    const whole = squash(ref.excerpt.replace(/…$/, ''));
    const quoted = lines.findIndex((line) => squash(line).length >= MIN_QUOTED && whole.includes(squash(line)));
    if (quoted >= 0) cited.add(firstLine + quoted);
    // A one-line file (ip -j prints its JSON on one line) can only be cited at that line, even
    // when the excerpt is a summary of it rather than a quote.
    else if (firstLine === 1 && lines.filter((line) => line.trim() !== '').length === 1) cited.add(1);
  }
  return cited;
}
