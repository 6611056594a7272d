import { describe, expect, it } from 'vitest';
import { auditFirewall } from '../../../../shared/analysis/hardeningFirewall';
import { parseIptablesList } from '../../../../shared/parsers/iptablesList';
import { parseIptablesRules } from '../../../../shared/parsers/iptablesRules';
import { parseIptablesSave } from '../../../../shared/parsers/iptablesSave';
import { parseNftRuleset } from '../../../../shared/parsers/nftRuleset';
import { readFixture } from '../parsers/readFixture';

// One recorded ruleset (test/fixtures/inputs/capture.sh, namespace pa-inp-r) in every form a
// site sends it: TCP 1723 and GRE ACCEPTs placed after a catch-all DROP, the pptp helper
// assigned in the raw table, an MSS clamp in FORWARD.
const FORMS = {
  'iptables-save': () => parseIptablesSave(readFixture('inputs/iptables-save.txt')),
  'iptables -S': () => parseIptablesRules(readFixture('inputs/iptables-S.txt')),
  'iptables -L -n -v': () => parseIptablesList(readFixture('inputs/iptables-L-n-v.txt')),
  'nft list ruleset': () => parseNftRuleset(readFixture('inputs/nft-ruleset-every-table.txt')),
};

describe('every firewall form feeds the same analysis', () => {
  it.each(Object.entries(FORMS))(
    '%s: 1723 closed, its ACCEPT and the GRE ACCEPT shadowed by the DROP, MSS clamped',
    (_name, parse) => {
      const audit = auditFirewall(parse());
      expect(audit.controlPort.status).toBe('closed');
      expect(audit.controlPort.shadowed).toHaveLength(1);
      expect(audit.controlPort.shadowed?.[0]?.accept.position).toBe(5);
      expect(audit.controlPort.shadowed?.[0]?.catchAll.position).toBe(4);
      expect(audit.gre.shadowed).toHaveLength(1);
      expect(audit.gre.shadowed[0]?.accept.position).toBe(6);
      expect(audit.mssClamp).toBe(true);
    },
  );

  it('iptables -L -n (no -v) hides "-i lo": the shadowed rules are still found, and the verdict carries the warning', () => {
    const audit = auditFirewall(parseIptablesList(readFixture('inputs/iptables-L-n.txt')));
    expect(audit.controlPort.shadowed).toHaveLength(1);
    expect(audit.gre.shadowed).toHaveLength(1);
    // "ACCEPT all -- 0.0.0.0/0 0.0.0.0/0" is "-i lo -j ACCEPT" without its interface column.
    expect(audit.warnings.join(' ')).toMatch(/without -v: interface matches .* are invisible/);
  });

  it('the raw-table CT rule is labelled a helper assignment (all tables in one listing)', () => {
    for (const rs of [FORMS['iptables-save'](), FORMS['nft list ruleset']()]) {
      const helper = auditFirewall(rs).helper;
      expect(helper.assigned).toBe(true);
      expect(helper.rules).toHaveLength(1);
      expect(helper.rules[0]?.label).toMatch(
        /^conntrack helper assignment \((?:pptp|unknown)\) in raw\/PREROUTING$/,
      );
    }
  });

  it('a raw-table listing alone (-t raw -S, -t raw -L) is no filter: nothing it holds opens or closes a port', () => {
    for (const rs of [
      parseIptablesRules(readFixture('inputs/iptables-t-raw-S.txt')),
      parseIptablesList(readFixture('inputs/iptables-t-raw-L-n-v.txt'), 'raw'),
    ]) {
      const audit = auditFirewall(rs);
      expect(audit.controlPort.status).toBe('no-filter');
      expect(audit.helper.rules[0]).toMatchObject({
        table: 'raw',
        chain: 'PREROUTING',
        helper: 'pptp',
      });
    }
  });

  it('without the shadow check on 1723, the dead ACCEPT would go unreported (control: a ruleset without it)', () => {
    const clean = auditFirewall(parseIptablesSave(readFixture('iptables/hardened.save.txt')));
    expect(clean.controlPort.shadowed).toEqual([]);
  });
});
