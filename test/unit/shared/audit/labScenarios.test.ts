/**
 * Every lab scenario committed under test/fixtures/lab/ goes through the raw-output adapters
 * and the findings engine, as the headless audit would. Each scenario states the findings it
 * must raise and those it must not; a scenario the lab adds later is picked up automatically
 * (generic checks) and listed as a todo until its expectations are written here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFindings } from '../../../../shared/findings/index';
import type { FindingsReport } from '../../../../shared/findings/types';
import { factsFromLabScenario, labScenarios, LAB_FIXTURES, type LabFacts, type LabSide } from './labFacts';

interface Expectation {
  /** Rule ids that must fire. */
  fires: string[];
  /** Rule ids that must not fire. */
  silent: string[];
  /** Further checks on the report and the facts. */
  check?: (report: FindingsReport, lab: LabFacts) => void;
  /** Rule ids of which at least one must fire. */
  anyOf?: string[];
  /** A known gap in a producer or rule this helper does not own: the "fires" check is
   * it.fails with this one-line reason until the owner fixes it. */
  failsBecause?: string;
}

const ENCRYPTION_AND_BLOCKAGE = ['data-unencrypted', 'gre-blockage'];

const EXPECTATIONS: Record<string, Expectation> = {
  healthy: {
    fires: ['pptp-in-use', 'mschapv2-observable'],
    silent: [...ENCRYPTION_AND_BLOCKAGE, 'mppe-negotiation-failed', 'weak-mppe', 'tunnel-flapping', 'loss-high', 'jitter-high', 'latency-high', 'missing-modules', 'ppp-auth-failures'],
    check(report) {
      expect(report.rules.find((r) => r.ruleId === 'ppp-auth-failures')?.status).toBe('clear');
      expect(report.findings.find((f) => f.id === 'pptp-in-use')?.severity).toBe('critical');
      expect(report.rules.find((r) => r.ruleId === 'data-unencrypted')?.status).toBe('clear');
      expect(report.rules.find((r) => r.ruleId === 'gre-blockage')?.status).toBe('clear');
    },
  },
  cleartext: {
    fires: ['pptp-in-use', 'data-unencrypted', 'mppe-not-required'],
    silent: ['gre-blockage', 'mppe-negotiation-failed'],
    check(report, lab) {
      const f = report.findings.find((x) => x.id === 'data-unencrypted');
      expect(f?.severity).toBe('critical');
      expect(f?.evidence[0]).toMatchObject({ file: 'capture.pcap', packet: lab.facts.wire?.encryption.firstCleartextPacket });
      expect(f?.evidence[0]?.packet).toBeGreaterThan(0);
    },
  },
  'gre-blocked': {
    fires: ['pptp-in-use', 'gre-blockage'],
    silent: ['data-unencrypted'],
    check(report) {
      const f = report.findings.find((x) => x.id === 'gre-blockage');
      expect(f?.summary).toMatch(/LCP: timeout sending Config-Requests/);
      expect(f?.evidence.some((e) => /LCP: timeout sending Config-Requests/.test(e.excerpt) && e.line !== undefined)).toBe(true);
      expect(f?.troubleshooting.id).toBe('lcp-timeout');
      // The server's own rule (-I INPUT 1 -p 47 -j DROP) is the cause on this host.
      expect(f?.summary).toMatch(/drops GRE/);
    },
  },
  'gre-blocked-midsession': {
    fires: ['pptp-in-use', 'gre-blockage'],
    silent: ['data-unencrypted', 'ppp-auth-failures'],
    check(report) {
      // GRE dropped once the session was up: no LCP timeout, pppd's keepalive gave up instead.
      const f = report.findings.find((x) => x.id === 'gre-blockage');
      expect(f?.summary).toMatch(/1 session dropped mid-way on LCP echo failure \("No response to 3 echo-requests"\)/);
      expect(f?.summary).not.toMatch(/LCP: timeout sending Config-Requests/);
      expect(f?.evidence.some((e) => e.excerpt === 'No response to 3 echo-requests' && e.file === 'syslog.txt' && e.line !== undefined)).toBe(true);
      // The server's rule inserted mid-session (-A INPUT -p gre -j DROP) is named as the cause.
      expect(f?.summary).toMatch(/drops GRE/);
    },
  },
  'mppe-refused': {
    fires: ['pptp-in-use', 'mppe-negotiation-failed'],
    silent: ['data-unencrypted', 'gre-blockage'],
  },
  'mppe-noccp': {
    fires: ['pptp-in-use', 'mppe-negotiation-failed'],
    silent: ['data-unencrypted', 'gre-blockage'],
  },
  'auth-failed': {
    fires: ['pptp-in-use', 'mschapv2-observable', 'ppp-auth-failures'],
    silent: ['data-unencrypted', 'gre-blockage', 'mppe-negotiation-failed'],
    check(report, lab) {
      // One wrong password: the server refused labuser from 10.47.0.2 once (low), and the lab's
      // client, whose lines share the guest's syslog, was refused once by 10.47.0.1 (low).
      const failures = report.findings.filter((f) => f.ruleId === 'ppp-auth-failures');
      expect(failures.map((f) => [f.id, f.severity])).toEqual([
        ['ppp-auth-failures:server:10.47.0.2', 'low'],
        ['ppp-auth-failures:client:10.47.0.1', 'low'],
      ]);
      const server = failures[0];
      expect(server?.title).toBe('A PPP authentication failure');
      expect(server?.summary).toMatch(/^10\.47\.0\.2 \(as "labuser"\) failed CHAP\/MS-CHAPv2 authentication once\./);
      // Cited by log line (the server's "Peer ... failed" with the E= code of its debug line) and
      // by the CHAP Failure packet of the capture.
      expect(server?.evidence[0]).toMatchObject({ file: 'syslog.txt', excerpt: expect.stringMatching(/^Peer labuser failed CHAP authentication .*E=691/) });
      const packet = server?.evidence.find((e) => e.packet !== undefined);
      expect(packet).toMatchObject({ file: 'capture.pcap', excerpt: expect.stringMatching(/CHAP Failure 10\.47\.0\.1 → 10\.47\.0\.2: "E=691 M=Access denied"$/) });
      expect(lab.facts.wire?.authFailures?.count).toBe(1);
      expect(server?.troubleshooting.id).toBe('auth-failures');
      expect(server?.remediation).toMatch(/TCP 1723/);
    },
  },
  'link-flap': {
    fires: ['pptp-in-use', 'tunnel-flapping'],
    // The pptp process was killed (SIGKILL) and redialled: "Modem hangup", no LCP echo
    // failure, GRE never blocked; and every login succeeded.
    silent: ['data-unencrypted', 'gre-blockage', 'ppp-auth-failures'],
  },
  lossy: {
    fires: ['pptp-in-use'],
    silent: ['data-unencrypted'],
    anyOf: ['loss-high', 'jitter-high', 'latency-high', 'gre-sequence-loss'],
  },
  shaped: {
    fires: ['pptp-in-use'],
    silent: ['data-unencrypted', 'gre-blockage', 'mppe-negotiation-failed'],
    check(report) {
      // The lab keeps iperf3's figures, not throughput samples: the ceiling rule says so.
      expect(report.rules.find((r) => r.ruleId === 'throughput-ceiling')?.status).toBe('not-evaluated');
    },
  },
  nat: {
    fires: ['pptp-in-use'],
    silent: ['data-unencrypted', 'gre-blockage'],
  },
  'nat-nohelper': {
    fires: ['pptp-in-use', 'gre-blockage'],
    silent: ['data-unencrypted'],
  },
  'mtu-mismatch': {
    fires: ['pptp-in-use', 'tunnel-fragmentation'],
    silent: ['data-unencrypted'],
    check(report) {
      // The carrier (sv0) was set to MTU 1400 under ppp0's 1496: the capture shows the fragments
      // (cited by packet), and the MTU rule does not say it a second time.
      const f = report.findings.find((x) => x.ruleId === 'tunnel-fragmentation');
      expect(f?.evidence[0]?.packet).toBeGreaterThan(0);
      expect(report.findings.map((x) => x.ruleId)).not.toContain('mtu-fragmentation');
    },
  },
};

/** The same scenarios audited on the NAT gateway namespace (lib.sh EXTRA_NS=nat). */
const NAT_SIDE: Record<string, Expectation> = {
  nat: {
    fires: ['pptp-in-use'],
    silent: ['gre-blockage', 'nat-helpers-missing'],
    check(report) {
      expect(report.rules.find((r) => r.ruleId === 'nat-helpers-missing')?.status).toBe('clear');
    },
  },
  'nat-nohelper': {
    fires: ['gre-blockage', 'nat-helpers-missing'],
    silent: ['data-unencrypted'],
    check(report) {
      const f = report.findings.find((x) => x.id === 'gre-blockage');
      expect(f?.summary).toMatch(/GRE one-way \(\d+ to the server, 0 to the client\)/);
      expect(f?.summary).toMatch(/lacks the PPTP NAT helper module\(s\) nf_conntrack_pptp, nf_nat_pptp/);
    },
  },
};

/** Every cited file exists (relative to the scenario folder), every line and packet is inside it. */
function expectCitationsResolve(report: FindingsReport, lab: LabFacts): void {
  for (const f of report.findings) {
    for (const e of f.evidence) {
      const path = join(lab.dir, e.file);
      expect(existsSync(path), `${f.id} cites ${e.file}`).toBe(true);
      if (e.line !== undefined) {
        const lines = readFileSync(path, 'utf8').split('\n');
        expect(e.line, `${f.id} cites ${e.file}:${e.line}`).toBeLessThanOrEqual(lines.length);
        expect(lines[e.line - 1]?.trim(), `${f.id} cites an empty line ${e.file}:${e.line}`).not.toBe('');
      }
      if (e.packet !== undefined) expect(e.packet).toBeLessThanOrEqual(lab.facts.wire?.packets ?? 0);
    }
  }
}

const scenarios = labScenarios();

function scenarioSuite(scenario: string, side: LabSide, expectation: Expectation | undefined): void {
  const lab = factsFromLabScenario(join(LAB_FIXTURES, scenario), { side });
  const report = evaluateFindings(lab.facts);
  const fired = new Set<string>(report.findings.map((f) => f.ruleId));

  it('builds the sections the lab collects, and no rule fails', () => {
    for (const key of ['modules', 'logs', 'firewall'] as const) expect(lab.facts[key], key).toBeDefined();
    if (existsSync(join(lab.dir, 'capture.pcap'))) expect(lab.facts.wire).toBeDefined();
    if (side !== 'nat') expect(lab.facts.interfaces).toBeDefined();
    expect(report.rules.filter((r) => r.detail.startsWith('rule failed'))).toEqual([]);
    expect(fired.has('pptp-in-use')).toBe(true);
  });

  it('every finding cites files, lines and packets that exist', () => {
    expectCitationsResolve(report, lab);
  });

  it('never leaks the chap secret', () => {
    expect(JSON.stringify(report)).not.toContain('LabFakeSecret');
    expect(JSON.stringify(lab.facts)).not.toContain('LabFakeSecret');
  });

  if (!expectation) {
    it.todo(`expectations for the ${scenario} scenario (fired: ${[...fired].join(', ')})`);
    return;
  }

  const firesIt = expectation.failsBecause ? it.fails : it;
  firesIt(`fires ${expectation.fires.join(', ')}${expectation.anyOf ? ` and one of ${expectation.anyOf.join('/')}` : ''}${expectation.failsBecause ? ` (known gap: ${expectation.failsBecause})` : ''}`, () => {
    for (const id of expectation.fires) expect([...fired], `${id} should fire`).toContain(id);
    if (expectation.anyOf) expect(expectation.anyOf.some((id) => fired.has(id)), `one of ${expectation.anyOf.join(', ')}`).toBe(true);
  });

  it(`does not fire ${expectation.silent.join(', ')}`, () => {
    for (const id of expectation.silent) expect([...fired], `${id} should not fire`).not.toContain(id);
  });

  if (expectation.check) it('details', () => expectation.check?.(report, lab));
}

describe('lab scenarios through the adapters and the findings engine', () => {
  it('the lab fixtures are there', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['healthy', 'cleartext']));
  });

  describe.each(scenarios)('%s, audited on the PPTP server', (scenario) => scenarioSuite(scenario, 'server', EXPECTATIONS[scenario]));

  const natScenarios = scenarios.filter((s) => existsSync(join(LAB_FIXTURES, s, 'nat-iptables-save.txt')));
  if (natScenarios.length > 0) {
    describe.each(natScenarios)('%s, audited on the NAT gateway', (scenario) => scenarioSuite(scenario, 'nat', NAT_SIDE[scenario]));
  }
});
