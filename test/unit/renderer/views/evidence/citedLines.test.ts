import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { citedLines } from '../../../../../renderer/src/views/evidence/citedLines';

const GOLDEN = path.join(__dirname, '../../../../fixtures/evidence/golden-lo');
/** Real ping output recorded in the golden bundle. */
const PING = readFileSync(path.join(GOLDEN, 'outputs/0003-ping.run.stdout'), 'utf8');
const IP = readFileSync(path.join(GOLDEN, 'outputs/0001-ip.addr.stdout'), 'utf8');

describe('the lines a finding cites', () => {
  it('takes an explicit line at its word, in the file it names only', () => {
    const refs = [
      { file: 'outputs/0003-ping.run.stdout', line: 3, excerpt: '' },
      { file: 'outputs/other', line: 1, excerpt: '' },
    ];
    expect([...citedLines(refs, 'outputs/0003-ping.run.stdout', PING)]).toEqual([3]);
  });

  it('finds a quoted line by its excerpt, counted from the page’s first line', () => {
    const quoted = PING.split('\n')[1]!;
    const refs = [{ file: 'f', excerpt: quoted.replace(/\s+/g, ' ') }];
    expect([...citedLines(refs, 'f', PING, 101)]).toEqual([102]);
  });

  it('cites the only line of a one-line file (ip -j JSON) even when the excerpt summarises it', () => {
    expect(IP.trim().split('\n')).toHaveLength(1);
    expect([...citedLines([{ file: 'ip', excerpt: 'lo: mtu 65536' }], 'ip', IP)]).toEqual([1]);
  });

  it('highlights nothing for an excerpt that is not in a many-line file', () => {
    expect(citedLines([{ file: 'f', excerpt: 'ppp_mppe not in /proc/modules' }], 'f', PING).size).toBe(0);
  });
});
