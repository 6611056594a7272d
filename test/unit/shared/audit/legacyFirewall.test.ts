import { describe, expect, it } from 'vitest';
import { listenersFacts } from '../../../../shared/audit/facts/listeners';
import type { AuditFacts } from '../../../../shared/findings/facts';
import { evaluateFindings } from '../../../../shared/findings/engine';
import { parseIptablesSave } from '../../../../shared/parsers/iptablesSave';
import { factsFromOutputs } from '../../../../shared/steps/facts';
import type { AdaptContext, RawOutput } from '../../../../shared/steps/outputs';
import { readFixture } from '../parsers/readFixture';

/**
 * iptables-legacy tables beside nf_tables, on outputs recorded in a network namespace
 * (test/fixtures/iptables-legacy/capture.sh). Debian's iptables-save (the nft variant) prints
 * only a warning on stderr for them; the rules show in iptables-legacy-save alone.
 */
const legacy = (name: string) => readFixture(`iptables-legacy/${name}`);
const context: AdaptContext = { target: { iface: 'ppp0', carrier: 'eth0', remoteIp: '10.0.0.2' }, linkSpeedMbps: null };

function out(key: string, text: string, extra: Partial<RawOutput> = {}): RawOutput {
  return { step: 'logs', key, file: `outputs/${key}.stdout`, text, ...extra };
}

/** Step 5's live outputs for a recorded scenario; `legacyRead: false` = iptables-legacy-save failed or was not run. */
function step5(scenario: 'gre-blocked' | 'both', legacyRead: boolean, warning = true): RawOutput[] {
  return [
    out('iptables', legacy(`${scenario}.save.txt`), warning ? { stderr: legacy(`${scenario}.save.stderr.txt`) } : {}),
    ...(legacyRead ? [out('iptables-legacy', legacy(`${scenario}.legacy-save.txt`))] : []),
    out('nft', legacy(`${scenario}.nft.txt`)),
  ];
}

/** Step 5's firewall rules, with pptpd listening on 1723 (step 1's ss output, recorded). */
function judge(outputs: RawOutput[]) {
  const { facts, problems } = factsFromOutputs(outputs, context);
  const all: AuditFacts = { ...facts, listeners: listenersFacts(readFixture('inputs/ss-ltnp.pptpd.txt'), 'ss.txt') };
  const report = evaluateFindings(all);
  const status = (id: string) => report.rules.find((r) => r.ruleId === id);
  return { facts, problems, report, status };
}

describe('iptables-legacy rules are part of the firewall the kernel applies', () => {
  it('the recorded outputs are what the audit sees: iptables-save warns on stderr only, the rules are in iptables-legacy-save', () => {
    expect(legacy('gre-blocked.save.txt')).toBe('');
    expect(legacy('gre-blocked.save.stderr.txt')).toMatch(/^# Warning: iptables-legacy tables present, use iptables-legacy-save to see them$/m);
    expect(legacy('gre-blocked.legacy-save.txt')).toMatch(/^-A INPUT -p gre -j DROP$/m);
    expect(legacy('none.legacy-save.txt')).toBe('');
  });

  it('the parser marks legacy chains as such, apart from the nf_tables chain of the same name', () => {
    const rs = parseIptablesSave(legacy('gre-blocked.legacy-save.txt'), { backend: 'iptables-legacy' });
    expect(rs.chains.find((c) => c.name === 'INPUT')).toMatchObject({ table: 'filter', backend: 'iptables-legacy', rules: [{ position: 1 }, { position: 2 }] });
    expect(parseIptablesSave(legacy('both.save.txt')).chains.every((c) => c.backend === undefined)).toBe(true);
  });

  it('warning + legacy read: the GRE drop is seen, TCP 1723 is judged by the legacy rule that decides it', () => {
    const { facts, status } = judge(step5('gre-blocked', true));
    const audit = facts.firewall?.audit;
    expect(audit?.gre.status).toBe('dropped');
    expect(audit?.gre.decisions).toContainEqual(
      expect.objectContaining({ hook: 'input', chain: 'iptables-legacy filter/INPUT', decision: expect.objectContaining({ verdict: 'drop', by: expect.objectContaining({ position: 1, text: '-A INPUT -p gre -j DROP' }) }) }),
    );
    // Open to any address, yes, but by the legacy ACCEPT: not "nothing filters".
    expect(audit?.controlPort.status).toBe('open-to-any');
    expect(audit?.controlPort.decisions[0]?.decision.by).toMatchObject({ table: 'iptables-legacy filter', position: 2 });
    expect(audit?.warnings.join(' ')).toMatch(/iptables-legacy .* a packet must pass both/);
    expect(status('tcp1723-unrestricted')?.status).toBe('fired');
    expect(status('firewall-accept-shadowed')?.status).toBe('clear');
  });

  it('both backends: the nf_tables allowlist of TCP 1723 and the legacy GRE drop are both applied', () => {
    const { facts, status } = judge(step5('both', true));
    const audit = facts.firewall?.audit;
    // nf_tables drops 1723 from outside 192.0.2.0/24 before the legacy ACCEPT could matter.
    expect(audit?.controlPort.status).toBe('allowlisted');
    expect(audit?.controlPort.allowlist).toEqual(['192.0.2.0/24']);
    expect(audit?.gre.status).toBe('dropped');
    expect(status('tcp1723-unrestricted')).toMatchObject({ status: 'clear', detail: 'TCP 1723 accepted only from 192.0.2.0/24' });
  });

  it('warning + legacy not read: every firewall verdict is "not evaluated", with why, never "unfiltered"', () => {
    const { facts, status, report } = judge(step5('gre-blocked', false));
    expect(facts.firewall?.audit).toBeUndefined();
    expect(facts.firewall?.notEvaluated).toMatch(/iptables-save warns "iptables-legacy tables present" and iptables-legacy-save was not read/);
    for (const id of ['tcp1723-unrestricted', 'firewall-accept-shadowed']) {
      expect(status(id)?.status, id).toBe('not-evaluated');
      expect(status(id)?.detail, id).toMatch(/^firewall not evaluated: outputs\/iptables\.stdout: iptables-save warns/);
    }
    expect(report.findings.map((f) => f.ruleId)).not.toContain('tcp1723-unrestricted');
  });

  it('gateway-only firewall rules also say "not evaluated" with the reason on a forwarding host', () => {
    const { facts } = factsFromOutputs(step5('gre-blocked', false), context);
    const gateway: AuditFacts = { ...facts, modules: { source: 'm', present: [], gateway: { isGateway: true, basis: 'net.ipv4.ip_forward = 1', file: 'f', line: 1 } } as unknown as AuditFacts['modules'] };
    const report = evaluateFindings(gateway);
    for (const id of ['gre-forward-blocked', 'pptp-helper-not-assigned', 'mss-clamp-missing']) {
      expect(report.rules.find((r) => r.ruleId === id)).toMatchObject({ status: 'not-evaluated', detail: expect.stringMatching(/^firewall not evaluated: /) });
    }
  });

  it('warning in a supplied file (2>&1) with the legacy listing supplied beside it: judged like the live run', () => {
    const warned = legacy('gre-blocked.save.stderr.txt');
    const { facts } = factsFromOutputs(
      [out('iptables', warned, { file: 'supplied/iptables-save.txt' }), out('iptables', legacy('gre-blocked.legacy-save.txt'), { file: 'supplied/legacy.txt' })],
      context,
    );
    expect(facts.firewall?.audit?.gre.status).toBe('dropped');
    expect(facts.firewall?.audit?.gre.decisions[0]?.chain).toBe('iptables-legacy filter/INPUT');
    // The same warning alone: not evaluated.
    expect(factsFromOutputs([out('iptables', warned)], context).facts.firewall?.notEvaluated).toMatch(/iptables-legacy-save was not read/);
  });

  it('no legacy table: iptables-legacy-save prints nothing, and that is evidence of "no legacy rules"', () => {
    const nft = [out('iptables', legacy('both.save.txt')), out('iptables-legacy', legacy('none.legacy-save.txt')), out('nft', legacy('both.nft.txt'))];
    const audit = factsFromOutputs(nft, context).facts.firewall?.audit;
    expect(audit?.controlPort.status).toBe('allowlisted');
    expect(audit?.gre.status).toBe('accepted');
    expect(audit?.warnings.join(' ')).not.toMatch(/legacy/);
  });

  it('no warning and no legacy output (tool missing): judged from iptables-save as before', () => {
    const { facts } = factsFromOutputs([out('iptables', legacy('both.save.txt')), out('nft', legacy('both.nft.txt'))], context);
    expect(facts.firewall?.notEvaluated).toBeUndefined();
    expect(facts.firewall?.audit?.controlPort.status).toBe('allowlisted');
  });

  it('the GRE blockage finding does not say "no cause on this host" when the firewall could not be judged', () => {
    const { facts } = factsFromOutputs(step5('gre-blocked', false), context);
    const logs = { source: 'syslog', sources: ['syslog'], events: [{ kind: 'lcp-timeout', text: 'LCP: timeout sending Config-Requests', file: 'syslog', line: 3 }], spanSeconds: null };
    const report = evaluateFindings({ ...facts, logs: logs as unknown as AuditFacts['logs'] });
    const gre = report.findings.find((f) => f.ruleId === 'gre-blockage');
    expect(gre?.summary).toMatch(/This host's firewall was not evaluated \(.*iptables-legacy/);
    expect(gre?.summary).not.toMatch(/No cause is visible on this host/);
  });
});
