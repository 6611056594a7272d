import { describe, expect, it } from 'vitest';
import { summariseChapSecrets } from '../../../../shared/ops/chapSecretsSummary';
import { lexPppWords } from '../../../../shared/parsers/pppLexer';
import { parsePppOptions, redactPppSecrets } from '../../../../shared/parsers/pppOptions';

const words = (text: string) => lexPppWords(text).map((w) => w.value);
const meta = { path: '/etc/ppp/chap-secrets', mode: 0o100600, uid: 0, gid: 0, owner: 'root', group: 'root', sizeBytes: 1 };

describe("pppd's lexical rules (options.c getword)", () => {
  it('splits on every C blank: space, \\t, \\n, \\v, \\f, \\r', () => {
    expect(words('a b\tc\vd\fe\rf\ng')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('honours quotes anywhere in a word, and keeps blanks, # and newlines inside them', () => {
    expect(words(`"a b" 'c#d' pass"word" p'ass'word "x\ny"`)).toEqual(['a b', 'c#d', 'password', 'password', 'x\ny']);
  });

  it('decodes escapes: \\s \\t \\xhh \\ooo, an escaped quote, blank or #, any other character as itself', () => {
    expect(words('\\s\\t\\x41\\101\\q \\" \\# a\\ b pass\\word')).toEqual([' \tAAq', '"', '#', 'a b', 'password']);
  });

  it('drops backslash-newline: between words it joins the lines, inside a word the word goes on', () => {
    const w = lexPppWords('a \\\nb SEC\\\nRET\nc');
    expect(w.map((x) => [x.value, x.afterNewline])).toEqual([
      ['a', false],
      ['b', false],
      ['SECRET', false],
      ['c', true],
    ]);
  });

  it('starts a comment at # outside a word, ends a word at an unquoted #, and a comment does not continue', () => {
    expect(words('a#b c\n# x \\\ny')).toEqual(['a', 'y']);
  });

  it('keeps a word whose quote runs to the end of the file, flagged; drops an empty word at the end', () => {
    const w = lexPppWords('a "b c\nd');
    expect(w.map((x) => [x.value, x.unterminatedQuote])).toEqual([
      ['a', false],
      ['b c\nd', true],
    ]);
    expect(words('"" x ""')).toEqual(['', 'x']);
  });

  it('cuts a value at a NUL like the C string pppd keeps', () => {
    const [w] = lexPppWords('ab\\000cd');
    expect(w).toMatchObject({ value: 'ab', decoded: 'ab\0cd' });
  });
});

describe('the findings of the review, one by one', () => {
  it('chap-secrets: carol\\vpptpd SECRET * is client carol, server pptpd; the secret is not a name', () => {
    const s = summariseChapSecrets('carol\vpptpd SECRET-carol *\n', meta);
    expect(s.entries).toMatchObject([{ client: 'carol', server: 'pptpd', secretLength: 12, ipWildcard: true }]);
    expect(JSON.stringify(s)).not.toContain('SECRET');
  });

  it('chap-secrets: \\f, a continued line, quotes and an escaped blank all keep the secret out', () => {
    const text = ['dave\fpptpd\fSECRET-dave\f*', 'erin pptpd \\\n SECRET-erin *', 'frank pptpd SECRET-\\\nfrank *', `gina pptpd "SECRET gina" *`, 'hal pptpd SECRET\\ hal *'].join('\n');
    const s = summariseChapSecrets(text, meta);
    expect(s.entries.map((e) => [e.client, e.server, e.secretLength])).toEqual([
      ['dave', 'pptpd', 11],
      ['erin', 'pptpd', 11],
      ['frank', 'pptpd', 12],
      ['gina', 'pptpd', 11],
      ['hal', 'pptpd', 10],
    ]);
    expect(JSON.stringify(s)).not.toMatch(/SECRET/);
  });

  const PASSWORD_FORMS: Array<[string, string]> = [
    ['password at end of line, secret on the next', 'password\nHUNTER2-x\n'],
    ['a comment between option and secret', 'password # below\nHUNTER2-x\n'],
    ['"password" X', '"password" HUNTER2-x\n'],
    ['pass\\word X', 'pass\\word HUNTER2-x\n'],
    ['pass"word" X', 'pass"word" HUNTER2-x\n'],
    ['password\\vX', 'password\vHUNTER2-x\n'],
    ['password\\fX', 'password\fHUNTER2-x\n'],
    ['password\\rX', 'password\rHUNTER2-x\n'],
    ['a quoted secret with blanks', "password 'HUNTER2-x and more'\n"],
    ['a secret continued on the next line', 'password HUNTER\\\n2-x\n'],
    ['srp-pn-secret', 'srp-pn-secret HUNTER2-x\n'],
  ];
  for (const [name, text] of PASSWORD_FORMS) {
    it(`options redaction: ${name}`, () => {
      const { text: out, secrets } = redactPppSecrets(`name pptpd\n${text}require-mppe-128\n`);
      expect(out).not.toMatch(/HUNTER|2-x/);
      expect(out).toContain('<redacted>');
      expect(secrets.some((s) => s.startsWith('HUNTER'))).toBe(true);
      // The redacted file still says what pppd would do, on the right lines.
      const parsed = parsePppOptions(out, '/etc/ppp/options.pptpd', 'pppd');
      expect(parsed.options.map((o) => o.name)).toContain('require-mppe-128');
      expect(parsed.options.find((o) => o.name === 'password' || o.name === 'srp-pn-secret')?.args).toEqual(['<redacted>']);
      expect(out.split('\n').length).toBe(`name pptpd\n${text}require-mppe-128\n`.split('\n').length);
    });
  }

  it('the options parser reads what pppd reads: a value on the next line, several flags on a line', () => {
    const parsed = parsePppOptions('ms-dns\n10.0.0.1\nrefuse-pap refuse-chap\n"require-mppe-128"\n', 'o', 'pppd');
    expect(parsed.options).toEqual([
      { name: 'ms-dns', args: ['10.0.0.1'], line: 1 },
      { name: 'refuse-pap', args: [], line: 3 },
      { name: 'refuse-chap', args: [], line: 3 },
      { name: 'require-mppe-128', args: [], line: 4 },
    ]);
  });
});
