import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { citedLines } from '../../../../../renderer/src/views/evidence/citedLines';
import { parseIptablesSave } from '../../../../../shared/parsers/iptablesSave';
import { ruleRefText } from '../../../../../shared/findings/rules/firewallText';
import { ref } from '../../../../../shared/findings/evidence';

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

  it('finds a rule line quoted inside a firewall finding’s own words', () => {
    // Real iptables-save output of the NAT gateway in the PPTP lab.
    const saved = readFileSync(path.join(__dirname, '../../../../fixtures/lab/nat/nat-iptables-save.txt'), 'utf8');
    const chain = parseIptablesSave(saved).chains.find((c) => c.name === 'PREROUTING' && c.table === 'raw')!;
    const rule = chain.rules[0]!;
    const cite = ref('outputs/0033-firewall.iptables.stdout', ruleRefText({ table: 'raw', chain: 'PREROUTING', position: 1, text: rule.text }));
    const line = saved.split('\n').findIndex((l) => l.includes('--helper pptp')) + 1;
    expect([...citedLines([cite], cite.file, saved)]).toEqual([line]);
  });

  it('highlights nothing for an excerpt that is not in a many-line file', () => {
    expect(citedLines([{ file: 'f', excerpt: 'ppp_mppe not in /proc/modules' }], 'f', PING).size).toBe(0);
  });
});
