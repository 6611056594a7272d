import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summariseChapSecrets } from '../../../shared/ops/chapSecretsSummary';
import { redactPppSecrets } from '../../../shared/parsers/pppOptions';
import { chapSummaryFromRemote, fixedFileArgv, parseFileReply } from '../../../electron/remote/remoteFile';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
const work = mkdtempSync(path.join(tmpdir(), 'pa-awk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every chap-secrets of the fixtures (recorded in the lab) plus the lexer's hard cases. */
const corpus: Array<[string, Buffer]> = [
  ...readdirSync(path.join(FIXTURES, 'lab')).flatMap((s) => {
    try {
      return [[`lab/${s}`, readFileSync(path.join(FIXTURES, 'lab', s, 'chap-secrets'))] as [string, Buffer]];
    } catch {
      return [];
    }
  }),
  ['ops/chap-secrets.sample', readFileSync(path.join(FIXTURES, 'ops/chap-secrets.sample'))],
  ['escapes, comments, continuation', Buffer.from('# c\ncarol\\\n server \'q\\x41\\101\\0abc\' -- mtu 1400\nshort x\n\n dave * aaaaaaaa\n')],
  ['open quote at end of file', Buffer.from('eve * "unterminated\nfoo')],
  ['UTF-8, file reference, empty, secret in names', Buffer.from('ünï * pässwörd€😀 *\nx y @/etc/secret\nzed srv "" *\nname-hasSECRETin SECRETin SECRETin\n')],
  ['escaped high bytes', Buffer.from('a b \\xff\\xfe\\200abc\n')],
  ['invalid UTF-8 bytes', Buffer.concat([Buffer.from('bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' s3cr'), Buffer.from([0xc3]), Buffer.from('t *\r\n')])],
  ['1023-character cap, backslash-newline between words', Buffer.from(`l1 s1 ${'x'.repeat(1100)}yz\nl2 s2 \\\n  continued * 1.2.3.4\\\n 5.6.7.8`)],
  ['vertical tab, form feed, CR as blanks; # ends a word', Buffer.from('v1\vs1\fsec#ret\rmore\nv2 s2 tab\tsep 10.0.0.1 -- x y\n')],
  ['empty file', Buffer.alloc(0)],
  ['no final newline', Buffer.from('a b c')],
];

function runProgram(mode: 'chap' | 'redact', file: string) {
  const argv = fixedFileArgv(mode, 1024 * 1024, [file]);
  const reply = parseFileReply(execFileSync(argv[0]!, argv.slice(1)), file);
  if (!reply.ok) throw new Error(reply.error);
  return reply;
}

describe('the gateway-side awk program agrees with the local summariser and redaction (this machine\'s awk)', () => {
  it.each(corpus)('%s', (name, bytes) => {
    const file = path.join(work, name.replace(/[^a-z0-9]+/gi, '-'));
    writeFileSync(file, bytes, { mode: 0o600 });
    const reply = runProgram('chap', file);
    const remote = chapSummaryFromRemote(reply.meta, reply.body.toString('utf8'));
    const local = summariseChapSecrets(bytes.toString('utf8'), { path: file, mode: 0o100600, uid: 0, gid: 0, owner: 'root', group: 'root', sizeBytes: bytes.length });
    expect(remote).toEqual(local);
    // What the program printed holds no secret value (hex-encoded names only, no secret bytes).
    for (const secret of ['K8#vQ2!mZr9$Lw4@Xp7&Tn3*', 'Welcome2019', 'pässwörd', 'LabFakeSecret-0123456789', 'aaaaaaaa', 'Qx9vB']) {
      expect(reply.body.toString('utf8')).not.toContain(secret);
    }
    expect(runProgram('redact', file).body.toString('utf8')).toBe(redactPppSecrets(bytes.toString('utf8')).text);
  });

  it('redacts `password` values of the pppd options fixtures exactly as locally', () => {
    for (const f of readdirSync(path.join(FIXTURES, 'pppoptions'))) {
      const bytes = Buffer.concat([readFileSync(path.join(FIXTURES, 'pppoptions', f)), Buffer.from('\npassword "Opt Passw0rd"\nPASSWORD x\\\ny\n')]);
      const file = path.join(work, `opt-${f}`);
      writeFileSync(file, bytes);
      const remote = runProgram('redact', file).body.toString('utf8');
      expect(remote).toBe(redactPppSecrets(bytes.toString('utf8')).text);
      expect(remote).not.toContain('Passw0rd');
    }
  });
});
