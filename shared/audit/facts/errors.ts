/**
 * An input an adapter cannot turn into facts (not JSON, not a capture, empty output...).
 * The message names the bundle file, so the runner can leave that section out ("not
 * collected") and tell the auditor why, instead of crashing the whole audit.
 */
export class FactsInputError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'FactsInputError';
  }
}

export type AdapterOutcome<T> = { ok: true; facts: T } | { ok: false; problem: string };

/**
 * Runs one adapter and turns any failure into a one-line problem: one unreadable output must
 * not hide the facts of the others.
 */
export function tryAdapter<T>(run: () => T): AdapterOutcome<T> {
  try {
    return { ok: true, facts: run() };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}
