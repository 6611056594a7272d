import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export interface JsonlRead<T> {
  records: T[];
  /** Lines that are complete but not valid (1-based line number and why). */
  badLines: Array<{ line: number; error: string }>;
  /** Bytes after the last newline: a record torn by a crash. */
  tornTail: { offset: number; bytes: number } | null;
}

/**
 * Reads JSON lines, tolerating a torn last line (kept out of `records`, reported in
 * `tornTail`). A complete line that fails to parse or validate is reported, not fatal.
 */
export function parseJsonl<T>(content: Buffer, schema?: z.ZodType<T>): JsonlRead<T> {
  const lastNewline = content.lastIndexOf(0x0a);
  const complete = content.subarray(0, lastNewline + 1).toString('utf8');
  const tornBytes = content.length - (lastNewline + 1);
  const records: T[] = [];
  const badLines: JsonlRead<T>['badLines'] = [];
  const lines = complete.split('\n');
  lines.pop();
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      badLines.push({ line: index + 1, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (schema) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        badLines.push({ line: index + 1, error: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid record' });
        return;
      }
      records.push(parsed.data);
    } else {
      records.push(value as T);
    }
  });
  return { records, badLines, tornTail: tornBytes > 0 ? { offset: lastNewline + 1, bytes: tornBytes } : null };
}

export function readJsonl<T>(path: string, schema?: z.ZodType<T>): JsonlRead<T> {
  return parseJsonl(readFileSync(path), schema);
}

export function jsonlLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
