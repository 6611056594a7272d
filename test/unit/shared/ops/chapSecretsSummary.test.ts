import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entropyBits, summariseChapSecrets } from '../../../../shared/ops/chapSecretsSummary';

const FIXTURE = new URL('../../../fixtures/ops/chap-secrets.sample', import.meta.url);
const meta = { path: '/etc/ppp/chap-secrets', mode: 0o100644, uid: 0, gid: 0, owner: 'root', group: 'root', sizeBytes: 512 };
const SECRETS = [
  'K8#vQ2!mZr9$Lw4@Xp7&Tn3*',
  'Welcome2019',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'repeat-me-now',
  'Unt3rm!nated-Qx9vB',
  'back"sl4sh\\Zq8W',
];

/** Every slice of `length` characters of every secret. */
function slices(secret: string, length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + length <= secret.length; i++) out.push(secret.slice(i, i + length));
  return out;
}

describe('chap-secrets summary', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const summary = summariseChapSecrets(text, meta);

  it('reports each entry without its secret, as pppd reads the file', () => {
    expect(summary.entries.map((e) => [e.line, e.client, e.server, e.ipField, e.secretKind, e.secretLength])).toEqual([
      [3, 'plc-north', 'pptpd', 'restricted', 'literal', 24],
      [4, 'scada-hmi', 'pptpd', 'wildcard', 'literal', 11],
      [5, 'field laptop', '*', 'absent', 'literal', 32],
      [6, 'vendor', 'pptpd', 'wildcard', 'file-reference', 0],
      [7, '<masked: contains the secret>', '<masked: contains the secret>', 'wildcard', 'literal', 13],
      [8, 'empty', 'pptpd', 'wildcard', 'empty', 0],
      // pppd lets the quote opened on line 9 run to the end of the file: the rest of the file
      // (lines 10 and 11) is that entry's secret, and the line is reported for it.
      [9, 'broken', 'pptpd', 'absent', 'literal', 88],
    ]);
    expect(summary.entries[4]!.secretInName).toBe(true);
    expect(summary.malformedLines).toEqual([9]);
  });

  it('skips entries without a secret and honours escapes, like pppd', () => {
    const s = summariseChapSecrets('onlytwo\twords\nesc\\ aped\tpptpd\tback\\"sl4sh\\\\Zq8W\t10.10.0.30 10.10.0.31 -- ms-dns 10.0.0.1\n', meta);
    expect(s.malformedLines).toEqual([1]);
    expect(s.entries).toMatchObject([{ line: 2, client: 'esc aped', server: 'pptpd', secretLength: 15, ipField: 'restricted', addressCount: 2 }]);
  });

  it('masks a name that holds any entry\'s secret, not only its own', () => {
    const s = summariseChapSecrets('alice pptpd Zq8Wfoo *\nZq8Wfoo-admin pptpd other-secret *\n', meta);
    expect(s.entries.map((e) => e.client)).toEqual(['alice', '<masked: contains the secret>']);
    expect(JSON.stringify(s)).not.toContain('Zq8Wfoo');
  });

  it('estimates entropy so long repetitions score low and mixed secrets high', () => {
    const byClient = Object.fromEntries(summary.entries.map((e) => [e.client, e]));
    expect(byClient['field laptop']!.entropyBits).toBe(0);
    expect(byClient['plc-north']!.entropyBits).toBeGreaterThan(100);
    expect(byClient['scada-hmi']!.entropyBits).toBeLessThan(40);
    expect(byClient['plc-north']!.characterClasses).toEqual({ lower: true, upper: true, digit: true, symbol: true });
    expect(entropyBits('')).toBe(0);
    expect(entropyBits('ab')).toBe(2);
  });

  it('reports file mode and owner, flagging a world-readable file', () => {
    expect(summary).toMatchObject({ mode: '0644', owner: 'root', worldReadable: true, groupReadable: true, worldWritable: false });
    expect(summariseChapSecrets('', { ...meta, mode: 0o100600 })).toMatchObject({ mode: '0600', worldReadable: false, entries: [] });
  });

  it('never lets any slice of a secret into the summary', () => {
    const json = JSON.stringify(summary);
    for (const secret of SECRETS) for (const s of slices(secret, 6)) expect(json.includes(s), s).toBe(false);
  });

  it('never leaks random secrets, whatever the quoting or the malformation', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!$%&()*+,-./:;<=>?@[]^_{|}~';
    for (let round = 0; round < 300; round++) {
      // A leading '@' would make it a file reference (a path, not a secret): start with a letter.
      const secret = 'S' + Array.from({ length: 10 + Math.floor(rnd() * 30) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const forms = [
        `client${round} server ${secret} *`,
        `client${round} server "${secret}" 10.0.0.1`,
        `client${round} * '${secret}'`,
        `"${secret}`,
        `${secret}`,
        `client${round} "${secret}`,
        `client${round} server "${secret} *`,
        `${secret} ${secret} ${secret}`,
        `# ${secret}`,
        `client${round} server ${secret}\\`,
      ];
      const out = JSON.stringify(summariseChapSecrets(forms.join('\n'), meta));
      for (const s of slices(secret.replace(/["'\\#]/g, ''), 8)) expect(out.includes(s), `round ${round}: ${s}`).toBe(false);
    }
  });

});
