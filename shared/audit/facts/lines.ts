/** Line helpers shared by the adapters: citations are 1-based line numbers of the bundle file. */

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * Finds the 1-based line of each wanted text, in order, consuming matches so that two
 * identical rules get two different lines. Returns undefined for a text that is not found.
 */
export class LineLocator {
  private readonly byText = new Map<string, number[]>();

  constructor(text: string, normalise: (line: string) => string = (l) => l.trim()) {
    splitLines(text).forEach((raw, i) => {
      const key = normalise(raw);
      if (key === '') return;
      const list = this.byText.get(key);
      if (list) list.push(i + 1);
      else this.byText.set(key, [i + 1]);
    });
  }

  /** The next unused line whose normalised text equals `text`. */
  take(text: string): number | undefined {
    return this.byText.get(text)?.shift();
  }
}

/** The first 1-based line matching `test`, or undefined. */
export function firstLine(text: string, test: (line: string) => boolean): number | undefined {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) if (test(lines[i] as string)) return i + 1;
  return undefined;
}
