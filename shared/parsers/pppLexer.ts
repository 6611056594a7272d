/**
 * The words of a pppd file exactly as pppd reads them: options files (options.c, getword) and
 * the secrets files (auth.c reads them with the same getword). One lexer for every consumer —
 * the chap-secrets summary, the `password` redaction and the options parser — so what the
 * auditor is shown, what is hidden and what is judged are the words pppd itself sees.
 *
 * pppd's rules, in the C locale it runs in:
 * - Blanks are the C isspace set: space, \t, \n, \v, \f, \r. Anything else starts a word.
 * - `#` outside a word or a quote starts a comment up to the end of the line; an unquoted `#`
 *   also ends the word it follows.
 * - `'...'` and `"..."` quote any character (blanks, `#`, newlines) and may sit in the middle
 *   of a word: `pass"word"` is `password`. A quote still open at end of file ends the word
 *   (pppd warns and keeps it).
 * - A backslash escapes the next character. Backslash-newline is dropped, between words (it
 *   joins the lines) and inside a word (the word continues on the next line). `\a \b \f \n
 *   \r \s \t` are control characters or a space, `\ooo` up to three octal digits and `\xhh` up
 *   to two hex digits are one byte; any other escaped character stands for itself.
 * - An unescaped newline before a word is remembered: it is how the secrets files separate
 *   entries. Options files ignore it (an option's argument may be on the next line).
 * - An empty word at end of file is no word (`""` as the very last thing is dropped).
 *
 * Text is handled as JS characters: every structural character is ASCII, so a UTF-8 file
 * splits the same way as pppd's bytes; an escape that names a byte yields that code unit.
 */

/** pppd's MAXWORDLEN: longer words are cut to MAXWORDLEN - 1. */
export const PPP_MAX_WORD = 1024;

export interface PppWord {
  /** The word as pppd uses it: quotes removed, escapes decoded, cut at a NUL and at 1023. */
  value: string;
  /** Everything the word decodes to (beyond a NUL or the length cap too). */
  decoded: string;
  /** [start, end) of the word's spelling in the source text (quotes and escapes included). */
  start: number;
  end: number;
  /** 1-based line of the word's first character. */
  line: number;
  /** An unescaped newline came between the previous word (or the start of file) and this one. */
  afterNewline: boolean;
  /** A quote was still open at end of file. */
  unterminatedQuote: boolean;
}

const BLANKS = new Set([' ', '\t', '\n', '\v', '\f', '\r']);
const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', s: ' ', t: '\t' };
const isOctal = (c: string | undefined): c is string => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined): c is string => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

export function isPppBlank(c: string): boolean {
  return BLANKS.has(c);
}

/** A decoded word as the C string pppd keeps: up to the first NUL, at most MAXWORDLEN - 1. */
function cString(decoded: string): string {
  const nul = decoded.indexOf('\0');
  const upToNul = nul >= 0 ? decoded.slice(0, nul) : decoded;
  return upToNul.length >= PPP_MAX_WORD ? upToNul.slice(0, PPP_MAX_WORD - 1) : upToNul;
}

export function lexPppWords(text: string): PppWord[] {
  const words: PppWord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  for (;;) {
    // Between words: blanks, comments, backslash-newline.
    let afterNewline = false;
    let escape = false;
    let comment = false;
    let backslashAt = -1;
    let atEnd = true;
    while (i < n) {
      const c = text[i]!;
      if (c === '\n') {
        line++;
        i++;
        if (escape) escape = false;
        else {
          afterNewline = true;
          comment = false;
        }
        continue;
      }
      if (comment) {
        i++;
        continue;
      }
      if (escape) {
        atEnd = false;
        break;
      }
      if (c === '\\') {
        escape = true;
        backslashAt = i;
        i++;
        continue;
      }
      if (c === '#') {
        comment = true;
        i++;
        continue;
      }
      if (!BLANKS.has(c)) {
        atEnd = false;
        break;
      }
      i++;
    }
    if (atEnd) return words;

    const start = escape ? backslashAt : i;
    const wordLine = line;
    let decoded = '';
    let quote: string | null = null;
    while (i < n) {
      const c = text[i]!;
      if (escape) {
        escape = false;
        if (c === '\n') {
          line++;
          i++;
          continue;
        }
        const simple = SIMPLE_ESCAPES[c];
        if (simple !== undefined) {
          decoded += simple;
          i++;
        } else if (isOctal(c)) {
          let v = 0;
          for (let k = 0; k < 3 && isOctal(text[i]); k++) v = v * 8 + Number(text[i++]);
          decoded += String.fromCharCode(v & 0xff);
        } else if (c === 'x') {
          i++;
          let v = 0;
          for (let k = 0; k < 2 && isHex(text[i]); k++) v = v * 16 + parseInt(text[i++]!, 16);
          decoded += String.fromCharCode(v);
        } else {
          decoded += c;
          i++;
        }
        continue;
      }
      if (c === '\\') {
        escape = true;
        i++;
        continue;
      }
      if (quote !== null) {
        if (c === quote) {
          quote = null;
          i++;
          continue;
        }
      } else if (c === '"' || c === "'") {
        quote = c;
        i++;
        continue;
      } else if (BLANKS.has(c) || c === '#') {
        break;
      }
      if (c === '\n') line++;
      decoded += c;
      i++;
    }
    // pppd: at end of file an empty word is no word at all.
    if (i >= n && decoded.length === 0) return words;
    words.push({
      value: cString(decoded),
      decoded,
      start,
      end: i,
      line: wordLine,
      afterNewline,
      unterminatedQuote: quote !== null,
    });
  }
}

/** The source spelling of a word (what a raw copy of the file would show). */
export function spellingOf(text: string, word: PppWord): string {
  return text.slice(word.start, word.end);
}
