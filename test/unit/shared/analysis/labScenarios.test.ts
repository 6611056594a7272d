import { describe, expect, it } from 'vitest';
import { logsReport } from '../../../../shared/analysis/logsSessions';
import { latencyReport } from '../../../../shared/analysis/jitter';
import { analyseModules, modulesVerdict } from '../../../../shared/analysis/modules';
import { auditFirewall } from '../../../../shared/analysis/hardeningFirewall';
import { firewallFindings } from '../../../../shared/analysis/hardeningFindings';
import { parseLogText } from '../../../../shared/parsers/logLines';
import { parsePing } from '../../../../shared/parsers/ping';
import { parseProcModules } from '../../../../shared/parsers/procModules';
import { parseIptablesSave } from '../../../../shared/parsers/iptablesSave';
import { parseSysctl } from '../../../../shared/parsers/kernelConfig';
import { readFixture } from '../parsers/readFixture';

// Every scenario of the User-Mode-Linux lab (real pptpd 1.4.0 / pppd 2.4.9 runs), judged
// from its syslog and from the pppd logfiles: the verdicts an auditor would act on.
const report = (scenario: string, file = 'syslog.txt') =>
  logsReport(
    parseLogText(readFixture(`lab/${scenario}/${file}`), { source: file, year: 2026 }).lines,
  );
const summary = (r: ReturnType<typeof report>) =>
  r.sessions.map((s) => ({
    role: s.role,
    auth: s.auth.result,
    code: s.auth.errorCode,
    mppe: s.mppe?.bits ?? null,
    ip: s.ipUp,
  }));

describe('lab scenarios: step 5 verdicts from syslog', () => {
  it('auth-failed: MS-CHAPv2 failure E=691 on both sides (code from the CHAP Failure packet)', () => {
    const r = report('auth-failed');
    expect(summary(r)).toEqual([
      { role: 'client', auth: 'failure', code: 691, mppe: null, ip: false },
      { role: 'server', auth: 'failure', code: 691, mppe: null, ip: false },
    ]);
    expect(r.errorsByKind).toEqual({ 'auth-failure': 2 });
    expect(r.authErrorCodes).toEqual({ '691': 2 });
    expect(
      r.sessions.every(
        (s) => s.auth.method === 'MS-CHAP-v2' && s.termination === 'authentication failed',
      ),
    ).toBe(true);
  });

  it('gre-blocked: control connection up, LCP times out on the client', () => {
    const r = report('gre-blocked');
    expect(r.errorsByKind).toEqual({ 'lcp-timeout': 1 });
    expect(r.sessions[0]?.termination).toMatch(/^LCP: timeout sending Config-Requests/);
    expect(r.controlConnections).toHaveLength(1);
    expect(r.sessions.every((s) => !s.ipUp && s.auth.result === 'none')).toBe(true);
  });

  it('gre-blocked-midsession: echo failures end an encrypted session', () => {
    const r = report('gre-blocked-midsession');
    expect(r.errorsByKind).toEqual({ 'echo-failure': 1, 'link-disconnected': 1 });
    expect(r.sessions[0]).toMatchObject({
      role: 'client',
      ipUp: true,
      termination: 'peer stopped answering LCP echo-requests',
      mppe: { bits: 128 },
    });
  });

  it('mppe-refused and mppe-noccp: authenticated, no MPPE, no IP', () => {
    const refused = report('mppe-refused');
    expect(refused.errorsByKind['mppe-refused']).toBe(1);
    expect(refused.sessions.find((s) => s.role === 'server')?.termination).toBe(
      'MPPE required but peer refused',
    );
    expect(refused.sessions.find((s) => s.role === 'client')?.termination).toBe(
      'LCP terminated by peer (MPPE required but peer refused)',
    );
    const noccp = report('mppe-noccp');
    expect(noccp.errorsByKind['mppe-failed']).toBe(1);
    for (const r of [refused, noccp]) {
      expect(summary(r).every((s) => s.auth === 'success' && s.mppe === null && !s.ip)).toBe(true);
      expect(r.encryption.sessionsUpWithoutMppe).toBe(0);
    }
  });

  it('link-flap: persist redials in the same client pppd, a new server pppd per call', () => {
    const r = report('link-flap');
    const client = r.sessions.filter((s) => s.role === 'client');
    const server = r.sessions.filter((s) => s.role === 'server');
    expect(client).toHaveLength(2);
    expect(new Set(client.map((s) => s.pid)).size).toBe(1);
    expect(new Set(server.map((s) => s.pid)).size).toBe(2);
    expect(r.controlConnections).toHaveLength(2);
    expect(r.flapping.groups[0]?.maxInWindow).toBe(2);
    expect(r.flapping.flapping).toBe(false);
    expect(
      logsReport(
        parseLogText(readFixture('lab/link-flap/syslog.txt'), { source: 's', year: 2026 }).lines,
        { threshold: 2 },
      ).flapping.flapping,
    ).toBe(true);
  });

  it('lossy and shaped: GRE reordering/loss reported by the pptp client, counted', () => {
    expect(report('lossy').errorsByKind['gre-error']).toBeGreaterThan(0);
    expect(report('shaped').errorsByKind['gre-error']).toBeGreaterThan(0);
    // pptpd's "PTY read or GRE write failed" at hang-up is teardown, not a fault.
    expect(report('lossy').errorsByKind['ctrl-error']).toBeUndefined();
  });

  it('nat: the server sees the NAT outside address as peer; nat-nohelper: LCP timeout', () => {
    expect(report('nat').sessions.find((s) => s.role === 'server')?.peer).toBe('10.47.0.254');
    expect(report('nat').errorsByKind).toEqual({});
    expect(report('nat-nohelper').errorsByKind).toEqual({ 'lcp-timeout': 1 });
  });

  it.each([
    'healthy',
    'cleartext',
    'auth-failed',
    'gre-blocked',
    'gre-blocked-midsession',
    'link-flap',
    'lossy',
    'mppe-noccp',
    'mppe-refused',
    'mtu-mismatch',
    'nat',
    'nat-nohelper',
    'shaped',
  ])('%s: the pppd logfiles give the same per-side verdicts as the syslog', (scenario) => {
    const fromSyslog = report(scenario);
    for (const side of ['client', 'server'] as const) {
      const fromFile = report(scenario, `${side}-pppd.log`);
      const want = fromSyslog.sessions.filter((s) => s.role === side);
      expect(fromFile.sessions.map((s) => [s.auth.result, s.mppe?.bits ?? null, s.ipUp])).toEqual(
        want.map((s) => [s.auth.result, s.mppe?.bits ?? null, s.ipUp]),
      );
      expect(
        parseLogText(readFixture(`lab/${scenario}/${side}-pppd.log`), { source: 'f', year: 2026 })
          .unparsed,
      ).toEqual([]);
    }
  });
});

describe('lab scenarios: step 6 and step 2 and the firewall', () => {
  it('lossy ping: loss, "pipe N" summary and a large jitter', () => {
    const r = latencyReport(parsePing(readFixture('lab/lossy/ping-1400.txt')));
    expect(r).toMatchObject({ transmitted: 50, received: 44, lossPercent: 12, source: 'summary' });
    expect(r.rtt?.maxMs).toBe(549.969);
    expect(r.jitterMs).toBeGreaterThan(10);
  });

  it('nat gateway: conntrack and NAT helpers loaded, explicit CT helper rule, verdict pass', () => {
    const modules = analyseModules({
      loaded: parseProcModules(readFixture('lab/nat/proc-modules.txt')).modules,
      builtin: null,
      config: null,
      helperSysctl: parseSysctl(
        readFixture('lab/nat/sysctl-nf_conntrack_helper.txt'),
        'net.netfilter.nf_conntrack_helper',
      ),
    });
    expect(modules.modules.filter((m) => m.scope === 'gateway').map((m) => m.state)).toEqual([
      'loaded',
      'loaded',
    ]);
    expect(modulesVerdict(modules, 'gateway')).toBe('pass');
    const fw = auditFirewall(parseIptablesSave(readFixture('lab/nat/nat-iptables-save.txt')));
    expect(fw.helper.assigned).toBe(true);
    const noHelper = auditFirewall(
      parseIptablesSave(readFixture('lab/nat-nohelper/nat-iptables-save.txt')),
    );
    expect(noHelper.helper.assigned).toBe(false);
  });

  it('gre-blocked server firewall (iptables-legacy-save): GRE dropped before the 1723 ACCEPT', () => {
    const audit = auditFirewall(
      parseIptablesSave(readFixture('lab/gre-blocked/server-iptables-save.txt')),
    );
    expect(audit.gre.status).toBe('dropped');
    expect(audit.gre.decisions[0]?.decision.by).toMatchObject({
      chain: 'INPUT',
      position: 1,
      text: '-A INPUT -p gre -j DROP',
    });
    expect(audit.controlPort.status).toBe('open-to-any');
    expect(firewallFindings(audit).map((f) => f.id)).toContain('gre-blocked');
  });
});

describe('journal export of the auth-failed scenario (journalctl -o json)', () => {
  it('gives the same verdict as the syslog', () => {
    const r = logsReport(
      parseLogText(readFixture('logs/journal-auth-failed.jsonl'), { source: 'journal', year: 2026 })
        .lines,
    );
    expect(summary(r)).toEqual(summary(report('auth-failed')));
    expect(r.authErrorCodes).toEqual({ '691': 2 });
  });
});
