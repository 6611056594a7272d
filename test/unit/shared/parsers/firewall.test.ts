import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../../../../shared/parsers/iptablesSave';
import { parseIptablesList } from '../../../../shared/parsers/iptablesList';
import { parseNftRuleset } from '../../../../shared/parsers/nftRuleset';
import { readFixture } from './readFixture';

const chain = (rs: ReturnType<typeof parseIptablesSave>, table: string, name: string) =>
  rs.chains.find((c) => c.table === table && c.name === name);

describe('iptables-save parser (iptables v1.8.9 nf_tables, captured in a netns)', () => {
  it('reads tables, policies, user chains and rules in order', () => {
    const rs = parseIptablesSave(readFixture('iptables/hardened.save.txt'));
    const input = chain(rs, 'filter', 'INPUT');
    expect(input).toMatchObject({ hook: 'input', policy: 'drop' });
    expect(input?.rules.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(input?.rules[2]).toMatchObject({
      match: { protocols: ['tcp'], dports: [{ from: 1723, to: 1723 }] },
      verdict: { kind: 'jump', target: 'PPTP-ALLOW' },
    });
    expect(input?.rules[3]?.match).toMatchObject({ protocols: ['gre'], sources: ['192.0.2.0/24'] });
    expect(input?.rules[4]?.verdict).toEqual({ kind: 'continue', target: 'LOG' });
    expect(chain(rs, 'filter', 'PPTP-ALLOW')).toMatchObject({ hook: null, policy: null });
    expect(chain(rs, 'raw', 'PREROUTING')?.rules[0]?.helper).toBe('pptp');
    expect(rs.unparsed).toEqual([]);
  });

  it('reads multiport and iprange matches', () => {
    const rs = parseIptablesSave(readFixture('iptables/multiport-range.save.txt'));
    expect(chain(rs, 'filter', 'INPUT')?.rules[0]?.match).toMatchObject({
      protocols: ['tcp'],
      dports: [
        { from: 22, to: 22 },
        { from: 1723, to: 1723 },
      ],
      sources: ['10.20.0.10-10.20.0.20'],
    });
  });

  it('returns an empty ruleset for the empty output of a host without iptables rules (lab)', () => {
    const rs = parseIptablesSave(readFixture('lab/healthy/server-iptables-save.txt'));
    expect(rs.chains).toEqual([]);
    expect(rs.unparsed).toEqual([]);
  });

  it('keeps unknown lines as unparsed instead of throwing', () => {
    const rs = parseIptablesSave(
      '*filter\n:INPUT ACCEPT [0:0]\n-A\ngarbage here\n-A INPUT -p tcp --dport notaport -j ACCEPT\nCOMMIT\n',
    );
    expect(rs.unparsed).toEqual(['-A', 'garbage here']);
    expect(chain(rs, 'filter', 'INPUT')?.rules[0]?.match.other).toEqual(['--dport notaport']);
  });
});

describe('iptables -L -n -v parser', () => {
  it('finds columns by the opt field even when a long target shifts them', () => {
    const rs = parseIptablesList(readFixture('iptables/hardened.list.txt'));
    const input = rs.chains.find((c) => c.name === 'INPUT');
    expect(input).toMatchObject({ hook: 'input', policy: 'drop' });
    expect(input?.rules[2]).toMatchObject({
      verdict: { kind: 'jump', target: 'PPTP-ALLOW' },
      match: { protocols: ['tcp'] },
    });
    expect(input?.rules[0]?.match.inIface).toBe('lo');
    expect(input?.rules[1]?.match.ctStates).toEqual(['RELATED', 'ESTABLISHED']);
    expect(
      rs.chains.find((c) => c.name === 'PPTP-ALLOW')?.rules.map((r) => r.match.sources),
    ).toEqual([['192.0.2.0/24'], ['198.51.100.7'], null]);
    expect(rs.unparsed).toEqual([]);
  });

  it('reads --line-numbers listings and the raw table CT helper', () => {
    const numbered = parseIptablesList(
      readFixture('iptables/gre-after-reject.list-line-numbers.txt'),
    );
    expect(numbered.chains[0]?.rules.map((r) => r.verdict.kind)).toEqual([
      'accept',
      'accept',
      'accept',
      'accept',
      'reject',
      'accept',
    ]);
    expect(numbered.chains[0]?.rules[5]?.match.protocols).toEqual(['gre']);
    const raw = parseIptablesList(readFixture('iptables/hardened.raw.list.txt'), 'raw');
    expect(raw.chains[0]?.rules[0]?.helper).toBe('pptp');
  });
});

describe('nft list ruleset parser (nftables 1.0.6, captured in a netns)', () => {
  it('reads chains with hooks and policies, named sets and ct helper objects', () => {
    const rs = parseNftRuleset(readFixture('nft/hardened.nft.txt'));
    expect(rs.sets).toEqual({ pptp_allow: ['192.0.2.0/24', '198.51.100.7'] });
    expect(rs.helperObjects).toEqual({ 'pptp-helper': 'pptp' });
    const input = rs.chains.find((c) => c.name === 'input');
    expect(input).toMatchObject({ family: 'inet', hook: 'input', policy: 'drop' });
    expect(input?.rules[1]?.match.ctStates).toEqual(['ESTABLISHED', 'RELATED']);
    expect(input?.rules[2]?.match.sources).toEqual(['@pptp_allow']);
    expect(rs.chains.find((c) => c.name === 'prerouting')?.rules[0]?.helper).toBe('pptp');
    expect(rs.unparsed).toEqual([]);
  });

  it('reads anonymous sets, reject variants and iptables-nft compat rules', () => {
    const bad = parseNftRuleset(readFixture('nft/gre-after-reject.nft.txt'));
    const input = bad.chains.find((c) => c.name === 'INPUT');
    expect(input?.rules[2]?.match.dports).toEqual([
      { from: 22, to: 22 },
      { from: 1723, to: 1723 },
    ]);
    expect(input?.rules[3]?.verdict.kind).toBe('reject');
    const compat = parseNftRuleset(readFixture('nft/iptables-nft-compat.nft.txt'));
    expect(compat.chains.find((c) => c.table === 'raw')?.rules[0]?.helper).toBe('unknown');
  });

  it('reads the lab server ruleset', () => {
    const rs = parseNftRuleset(readFixture('lab/healthy/server-nft-ruleset.txt'));
    expect(rs.unparsed).toEqual([]);
  });
});

describe('nft -a list ruleset (rule handles)', () => {
  it('reads the same ruleset as without handles', () => {
    const plain = parseNftRuleset(readFixture('nft/hardened.nft.txt'));
    const handles = parseNftRuleset(readFixture('nft/hardened-handles.nft.txt'));
    expect(handles.unparsed).toEqual([]);
    expect(handles.chains.map((c) => c.rules.map((r) => [r.match, r.verdict, r.helper]))).toEqual(
      plain.chains.map((c) => c.rules.map((r) => [r.match, r.verdict, r.helper])),
    );
    expect(handles.sets).toEqual(plain.sets);
  });
});
