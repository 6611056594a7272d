import { describe, expect, it } from 'vitest';
import { auditFirewall } from '../../../../shared/analysis/hardeningFirewall';
import { evaluateFindings } from '../../../../shared/findings/engine';
import type { AuditFacts } from '../../../../shared/findings/facts';
import type { FirewallAudit, PppSecurityPosture } from '../../../../shared/model/hardening';
import { pppSecurityPosture } from '../../../../shared/analysis/hardeningPpp';
import { parseIptablesList } from '../../../../shared/parsers/iptablesList';
import { parseIptablesSave } from '../../../../shared/parsers/iptablesSave';
import { parseNftRuleset } from '../../../../shared/parsers/nftRuleset';
import { parsePppOptions } from '../../../../shared/parsers/pppOptions';
import { parseSensorsJson } from '../../../../shared/parsers/sensors';
import { readFixture } from '../parsers/readFixture';

const ids = (f: Array<{ id: string }>) => f.map((x) => x.id);

/** What the one findings engine makes of a firewall on a gateway where pptpd listens on 1723. */
function firewallFindings(audit: FirewallAudit) {
  const facts: AuditFacts = {
    firewall: { source: 'firewall.txt', audit },
    listeners: { source: 'ss.txt', withProcesses: true, listeners: [], pptpControl: { address: '0.0.0.0', processes: ['pptpd'], line: 2 } },
    modules: { source: 'modules.txt', present: [], conntrackHelperSysctl: null, gateway: { isGateway: true, basis: 'test: a gateway' } },
  };
  const firewallRules = new Set(['tcp1723-unrestricted', 'firewall-accept-shadowed', 'gre-forward-blocked', 'pptp-helper-not-assigned', 'mss-clamp-missing']);
  return evaluateFindings(facts).findings.filter((f) => firewallRules.has(f.ruleId));
}

/** What the engine makes of pppd options alone. */
function pppFindings(file: string, posture: PppSecurityPosture) {
  return evaluateFindings({ pppOptions: { source: file, file, posture } }).findings;
}

describe('firewall audit: GRE after a catch-all REJECT (rule order matters)', () => {
  for (const [label, rs] of [
    ['iptables-save', () => parseIptablesSave(readFixture('iptables/gre-after-reject.save.txt'))],
    [
      'iptables -L -n -v',
      () => parseIptablesList(readFixture('iptables/gre-after-reject.list.txt')),
    ],
    ['nft', () => parseNftRuleset(readFixture('nft/gre-after-reject.nft.txt'))],
  ] as const) {
    it(`${label}: GRE is dropped, the ACCEPT is shadowed, 1723 is open to any`, () => {
      const audit = auditFirewall(rs());
      expect(audit.gre.status).toBe('dropped');
      expect(
        audit.gre.shadowed.map((s) => [s.accept.chain, s.accept.position, s.catchAll.position]),
      ).toEqual([
        ['INPUT', label === 'nft' ? 5 : 6, label === 'nft' ? 4 : 5],
        ['FORWARD', 2, 1],
      ]);
      expect(audit.controlPort.status).toBe('open-to-any');
      expect(audit.helper.assigned).toBe(false);
      expect(ids(firewallFindings(audit))).toEqual([
        'firewall-accept-shadowed:gre-1',
        'firewall-accept-shadowed:gre-2',
        'tcp1723-unrestricted',
        'gre-forward-blocked',
        'pptp-helper-not-assigned',
        'mss-clamp-missing',
      ]);
    });
  }
});

describe('firewall audit: hardened rulesets', () => {
  it('iptables-save: 1723 allowlisted through a user chain, GRE accepted, helper and MSS clamp', () => {
    const audit = auditFirewall(parseIptablesSave(readFixture('iptables/hardened.save.txt')));
    expect(audit.controlPort).toMatchObject({
      status: 'allowlisted',
      allowlist: ['192.0.2.0/24', '198.51.100.7/32'],
    });
    expect(audit.controlPort.decisions[0]?.decision.by).toMatchObject({
      chain: 'PPTP-ALLOW',
      position: 3,
    });
    expect(audit.gre.status).toBe('accepted');
    expect(audit.helper).toMatchObject({ assigned: true });
    expect(audit.mssClamp).toBe(true);
    expect(firewallFindings(audit)).toEqual([]);
  });

  it('nft: allowlist resolved from a named set, helper from a ct helper object', () => {
    const audit = auditFirewall(parseNftRuleset(readFixture('nft/hardened.nft.txt')));
    expect(audit.controlPort).toMatchObject({
      status: 'allowlisted',
      allowlist: ['192.0.2.0/24', '198.51.100.7'],
    });
    expect(audit.gre.status).toBe('accepted');
    expect(audit.helper.rules[0]).toMatchObject({ helper: 'pptp', chain: 'prerouting' });
    expect(firewallFindings(audit)).toEqual([]);
  });

  it('multiport + iprange under a DROP policy is an allowlist', () => {
    const audit = auditFirewall(
      parseIptablesSave(readFixture('iptables/multiport-range.save.txt')),
    );
    expect(audit.controlPort).toMatchObject({
      status: 'allowlisted',
      allowlist: ['10.20.0.10-10.20.0.20'],
    });
  });

  it('the lab server (no rules at all) is open and unfiltered', () => {
    const audit = auditFirewall(
      parseIptablesSave(readFixture('lab/healthy/server-iptables-save.txt')),
    );
    expect(audit.controlPort.status).toBe('no-filter');
    expect(audit.gre.status).toBe('no-filter');
    const empty = auditFirewall(parseIptablesSave(readFixture('iptables/empty.save.txt')));
    expect(empty.controlPort.status).toBe('open-to-any');
  });
});

describe('pppd options posture', () => {
  it('the Debian pptpd-options default: MS-CHAPv2 only, MPPE-128 required, stateless', () => {
    const posture = pppSecurityPosture(
      parsePppOptions(readFixture('pppoptions/debian12-pptpd-options'), '/etc/ppp/pptpd-options'),
    );
    expect(posture).toMatchObject({
      mppeRequired: true,
      mppeAllowed: [128],
      mppeDisabled: false,
      statefulAllowed: false,
      authRequired: true,
      authAccepted: ['mschap-v2'],
      problems: [],
    });
    expect(ids(pppFindings('x', posture))).toEqual([]);
  });

  it('the lab server options (same policy plus debug and logfile)', () => {
    const posture = pppSecurityPosture(
      parsePppOptions(readFixture('lab/healthy/options.pptpd'), 'options.pptpd'),
    );
    expect(posture).toMatchObject({
      mppeRequired: true,
      mppeAllowed: [128],
      debug: true,
      logfile: '/run/lab/server-pppd.log',
    });
  });

  it('the lab cleartext scenario: nomppe + noccp', () => {
    const posture = pppSecurityPosture(
      parsePppOptions(readFixture('lab/cleartext/options.pptpd'), 'options.pptpd'),
    );
    expect(posture).toMatchObject({ mppeRequired: false, mppeDisabled: true, mppeAllowed: [] });
    expect(ids(pppFindings('x', posture))).toContain('mppe-not-required');
  });

  it('a weakened file: legacy auth, 40-bit and stateful MPPE allowed, MTU read', () => {
    const posture = pppSecurityPosture(
      parsePppOptions(readFixture('pppoptions/weakened-pptpd-options'), 'w'),
    );
    expect(posture).toMatchObject({
      mppeRequired: false,
      mppeAllowed: [40, 128],
      statefulAllowed: true,
      mtu: 1490,
      mru: 1490,
      lcpEchoInterval: 30,
      lcpEchoFailure: 4,
      authAccepted: ['mschap-v2'],
    });
    expect(ids(pppFindings('w', posture))).toEqual(['mppe-not-required', 'weak-mppe:configured']);
  });

  it('noauth + nomppe is critical twice', () => {
    const posture = pppSecurityPosture(
      parsePppOptions(readFixture('pppoptions/cleartext-options.pptpd'), 'c'),
    );
    expect(
      pppFindings('c', posture)
        .filter((f) => f.severity === 'critical')
        .map((f) => f.id),
    ).toEqual(['ppp-auth-not-required']);
  });

  it('reads pptpd.conf (option file, localip/remoteip) from Debian and the lab', () => {
    const conf = parsePppOptions(readFixture('lab/healthy/pptpd.conf'), '/etc/pptpd.conf');
    expect(conf.kind).toBe('pptpd.conf');
    expect(conf.options.map((o) => [o.name, o.args])).toEqual([
      ['option', ['/etc/ppp/options.pptpd']],
      ['localip', ['192.168.47.1']],
      ['remoteip', ['192.168.47.10-20']],
    ]);
    expect(pppSecurityPosture(conf).optionFile).toBe('/etc/ppp/options.pptpd');
    const debian = parsePppOptions(
      readFixture('pppoptions/debian12-pptpd.conf'),
      '/etc/pptpd.conf',
    );
    expect(debian.options.map((o) => o.name)).toEqual(['option', 'logwtmp']);
  });
});

describe('sensors -j', () => {
  it('the empty VM output gives no readings and an unknown thermal status', () => {
    const report = parseSensorsJson(readFixture('sensors/empty-vm.stdout.json'));
    expect(report).toMatchObject({ readings: [], empty: true });
  });

  it('reads temperatures with high/crit and drops the -273.15 placeholder', () => {
    const report = parseSensorsJson(readFixture('sensors/example-desktop-public.json'));
    expect(report.readings).toHaveLength(10);
    expect(report.readings[0]).toEqual({
      chip: 'coretemp-isa-0000',
      adapter: 'ISA adapter',
      label: 'Package id 0',
      inputC: 41,
      highC: 80,
      critC: 100,
      emergencyC: null,
      alarm: false,
    });
    expect(report.readings.find((r) => r.label === 'edge')).toMatchObject({
      critC: 100,
      emergencyC: 105,
      highC: null,
    });
  });

  it('flags readings over their limits (through the findings engine)', () => {
    const text = readFixture('sensors/example-desktop-public.json')
      .replace('"temp1_input": 41.000', '"temp1_input": 101.000')
      .replace('"temp2_input": 38.000', '"temp2_input": 85.000');
    const report = evaluateFindings({ sensors: { source: 'sensors.json', readings: parseSensorsJson(text).readings } });
    expect(report.findings.filter((f) => f.ruleId === 'thermal-stress').length).toBeGreaterThan(0);
  });

  it('reports broken JSON as a problem', () => {
    expect(parseSensorsJson('{"coretemp": ').problems[0]).toMatch(/not JSON/);
  });
});

describe('iptables -L -n without -v', () => {
  it('hides "-i lo": the audit carries a warning that the verdict is weaker', () => {
    const audit = auditFirewall(
      parseIptablesList(readFixture('iptables/gre-after-reject.list-short.txt')),
    );
    expect(audit.warnings[0]).toMatch(/without -v/);
    // Rule 1 is really "-i lo -j ACCEPT"; without -v it cannot be told from "accept all".
    expect(audit.controlPort.decisions[0]?.decision.by.position).toBe(1);
    expect(audit.gre.shadowed).toHaveLength(2);
    expect(
      auditFirewall(parseIptablesList(readFixture('iptables/gre-after-reject.list.txt'))).warnings,
    ).toEqual([]);
  });
});

describe('allowlist written as "! -s RANGE -j DROP" under an ACCEPT policy', () => {
  it.each([
    ['iptables-save', () => parseIptablesSave(readFixture('iptables/negated-drop.save.txt'))],
    ['iptables -L -n -v', () => parseIptablesList(readFixture('iptables/negated-drop.list.txt'))],
  ] as const)('%s: 1723 allowlisted, GRE accepted for the listed range', (_label, rs) => {
    const audit = auditFirewall(rs());
    expect(audit.controlPort).toMatchObject({ status: 'allowlisted', allowlist: ['10.20.0.0/16'] });
    expect(audit.controlPort.decisions[0]?.decision).toMatchObject({
      verdict: 'drop',
      by: { position: 1 },
    });
    expect(audit.gre.status).toBe('accepted');
    expect(firewallFindings(audit).map((f) => f.ruleId)).not.toContain('tcp1723-unrestricted');
  });
});

describe('GRE through a gateway (FORWARD)', () => {
  it('accepted for the host itself but not forwarded without the pptp helper', () => {
    const audit = auditFirewall(
      parseIptablesSave(readFixture('iptables/gateway-forward-drop.save.txt')),
    );
    expect(audit.gre).toMatchObject({ status: 'accepted', forwardStatus: 'dropped' });
    expect(ids(firewallFindings(audit))).toContain('gre-forward-blocked');
    expect(
      auditFirewall(parseIptablesSave(readFixture('iptables/hardened.save.txt'))).gre.forwardStatus,
    ).toBe('accepted');
  });
});
