import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChapSecrets } from '../../../../electron/ops/chapSecrets';
import { runRead } from '../../../../electron/ops/readFixedFile';
import { parsePppOptions } from '../../../../shared/parsers/pppOptions';
import { corpus, leakedSecrets, type CorpusFile } from './pppCorpus';

const SEED = 20260515;
const FILES = 2000;
const dir = mkdtempSync(join(tmpdir(), 'pa-secret-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lexical forms the corpus must exercise, each in many files. */
const FORMS: Record<string, (f: CorpusFile) => boolean> = {
  'vertical tab': (f) => f.text.includes('\v'),
  'form feed': (f) => f.text.includes('\f'),
  'carriage return': (f) => f.text.includes('\r'),
  'backslash-newline': (f) => f.text.includes('\\\n'),
  'double quotes': (f) => f.text.includes('"'),
  'single quotes': (f) => f.text.includes("'"),
  'hex or octal escape': (f) => /\\x[0-9a-f]{2}|\\[0-7]{3}/.test(f.text),
  'escaped blank': (f) => /\\s|\\ /.test(f.text),
  comment: (f) => /(^|[ \t\v\f\r])#/m.test(f.text),
  'secret with a space': (f) => f.secrets.some((s) => s.includes(' ')),
  'secret with a quote': (f) => f.secrets.some((s) => /["']/.test(s)),
  'secret with #': (f) => f.secrets.some((s) => s.includes('#')),
  'secret with a backslash': (f) => f.secrets.some((s) => s.includes('\\')),
  'value on the next line': (f) => f.kind === 'options' && /(password|srp-pn-secret|pass\\word|pass"word"|p'ass'word)"?'?\n/.test(f.text),
};

/**
 * Runs `check` on every file of one kind, a few at a time: each read waits on the file system
 * more than it computes, so the waits overlap (the counts do not depend on the order).
 */
async function eachFile(files: CorpusFile[], kind: CorpusFile['kind'], check: (file: CorpusFile, i: number) => Promise<void>): Promise<void> {
  const todo = [...files.entries()].filter(([, f]) => f.kind === kind);
  const worker = async () => {
    for (let next = todo.shift(); next !== undefined; next = todo.shift()) await check(next[1], next[0]);
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

describe('a generated corpus in pppd grammar through the helper code path', () => {
  const files = corpus(SEED, FILES);

  it('covers every lexical form pppd accepts, in many files', () => {
    const coverage = Object.fromEntries(Object.entries(FORMS).map(([name, has]) => [name, files.filter(has).length]));
    console.log(`[secret corpus] ${files.length} files, ${files.reduce((n, f) => n + f.secrets.length, 0)} planted secrets, forms: ${JSON.stringify(coverage)}`);
    expect(files.filter((f) => f.kind === 'chap-secrets').length).toBeGreaterThanOrEqual(1000);
    expect(files.filter((f) => f.kind === 'options').length).toBeGreaterThanOrEqual(1000);
    for (const [name, count] of Object.entries(coverage)) expect(count, name).toBeGreaterThanOrEqual(50);
  });

  it('chap-secrets: 0 secret bytes in any summary, and every entry read as pppd reads it', async () => {
    const leaks: string[] = [];
    let misread = 0;
    await eachFile(files, 'chap-secrets', async (file, i) => {
      const path = join(dir, `chap-${i}`);
      writeFileSync(path, file.text, { mode: 0o600 });
      const r = await runChapSecrets('ppp.chapSecrets', { kind: 'chapSecrets', path });
      expect(r.error, `file ${i}`).toBeUndefined();
      for (const s of leakedSecrets(JSON.stringify(r), file.secrets)) leaks.push(`file ${i}: ${JSON.stringify(s)}`);
      const summary = JSON.parse(r.stdout) as { entries: Array<{ secretLength: number; secretKind: string }>; malformedLines: number[] };
      const lengths = summary.entries.map((e) => e.secretLength);
      if (JSON.stringify(lengths) !== JSON.stringify(file.secrets.map((s) => s.length)) || summary.malformedLines.length > 0) misread++;
    });
    console.log(`[secret corpus] chap-secrets: ${leaks.length} leaked, ${misread} files read differently from pppd`);
    expect(leaks.slice(0, 5)).toEqual([]);
    expect(misread).toBe(0);
  });

  it('ppp.options: 0 secret bytes in any redacted read, and the options still parse', async () => {
    const leaks: string[] = [];
    let unparsed = 0;
    await eachFile(files, 'options', async (file, i) => {
      const path = join(dir, `options-${i}`);
      writeFileSync(path, file.text, { mode: 0o600 });
      const r = await runRead('ppp.options', { kind: 'read', candidates: [path], maxBytes: 1024 * 1024, tail: false, gunzip: false, redactPppPasswords: true });
      expect(r.error, `file ${i}`).toBeUndefined();
      for (const s of leakedSecrets(JSON.stringify(r), file.secrets)) leaks.push(`file ${i}: ${JSON.stringify(s)}`);
      const parsed = parsePppOptions(r.stdout, '/etc/ppp/options.pptpd', 'pppd');
      const redactedValues = parsed.options.filter((o) => o.name === 'password' || o.name === 'srp-pn-secret').map((o) => o.args[0]);
      if (redactedValues.length !== file.secrets.length || redactedValues.some((v) => v !== '<redacted>') || parsed.unparsed.length > 0) unparsed++;
    });
    console.log(`[secret corpus] ppp.options: ${leaks.length} leaked, ${unparsed} files parsed differently from pppd`);
    expect(leaks.slice(0, 5)).toEqual([]);
    expect(unparsed).toBe(0);
  });
});
