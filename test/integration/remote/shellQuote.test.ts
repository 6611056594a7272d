import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quoteForRemoteShell } from '../../../electron/remote/shellQuote';

/** What a shell's `sh -c LINE` hands printf: each argument NUL-terminated, compared as UTF-8. */
function roundTrip(shell: string, words: string[]): string[] {
  const line = quoteForRemoteShell(['printf', '%s\\0', ...words]);
  const out = execFileSync(shell, ['-c', line], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const ADVERSARIAL = [
  "'",
  "''",
  "'\\''",
  '"',
  '$(touch /tmp/pa-quote-pwned)',
  '`touch /tmp/pa-quote-pwned`',
  '${IFS}',
  '$HOME',
  'a;b',
  'a|b',
  'a&&b',
  'line\nnext',
  '\r\n',
  '*',
  '~root',
  '!',
  '#comment',
  '\\',
  '-n',
  ' leading and trailing ',
  '',
  'ü€😀',
];

describe('quoteForRemoteShell: one function, every byte literal in sh, dash and bash', () => {
  for (const shell of ['/bin/sh', '/bin/dash', '/bin/bash']) {
    it(`${shell}: every character 0x01-0xff alone and inside a word`, () => {
      const words: string[] = [];
      for (let c = 1; c <= 0xff; c++) words.push(String.fromCharCode(c), `x${String.fromCharCode(c)}y`);
      expect(roundTrip(shell, words)).toEqual(words);
    });

    it(`${shell}: quotes, newlines, $(), backticks and friends`, () => {
      expect(roundTrip(shell, ADVERSARIAL)).toEqual(ADVERSARIAL);
      expect(roundTrip(shell, [ADVERSARIAL.join('')])).toEqual([ADVERSARIAL.join('')]);
    });
  }

  it('refuses a NUL (an argv can not carry one) and an empty command', () => {
    expect(() => quoteForRemoteShell(['a\0b'])).toThrow(/NUL/);
    expect(() => quoteForRemoteShell([])).toThrow(/empty/);
  });
});
