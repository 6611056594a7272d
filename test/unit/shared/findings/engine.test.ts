import { describe, it, expect } from 'vitest';
import { evaluateFindings, RULES, TROUBLESHOOTING_MATRIX, type Rule } from '../../../../shared/findings';
import { healthyFacts, listeners, processes } from './facts.fixture';
import { evaluate, statusOf } from './helpers.fixture';

describe('findings engine', () => {
  it('evaluates nothing and finds nothing without facts: every rule is listed as not evaluated', () => {
    const report = evaluate({});
    expect(report.findings).toEqual([]);
    expect(report.notEvaluated).toHaveLength(RULES.length);
    expect(report.rules.every((r) => r.status === 'not-evaluated')).toBe(true);
    expect(report.risk.rating).toBe('incomplete');
    expect(report.risk.coverage).toMatchObject({ stepsCovered: [], rulesEvaluated: 0, rulesTotal: RULES.length });
    expect(report.notEvaluated.find((r) => r.ruleId === 'data-unencrypted')?.detail).toContain('step 4 capture');
  });

  it('on a healthy but PPTP audit only "PPTP in use" fires, and the rating is critical', () => {
    const report = evaluate(healthyFacts());
    expect(report.findings.map((f) => f.id)).toEqual(['pptp-in-use']);
    expect(report.risk).toMatchObject({ rating: 'critical', score: 40 });
    expect(report.risk.rationale).toMatch(/critical by policy/);
    // Not evaluated only where even a healthy capture cannot tell (none here).
    expect(report.notEvaluated.map((r) => r.ruleId)).toEqual([]);
  });

  it('every finding carries evidence with a bundle-relative file and a matrix row', () => {
    const report = evaluate(healthyFacts());
    for (const f of report.findings) {
      expect(f.evidence.length).toBeGreaterThan(0);
      for (const e of f.evidence) {
        expect(e.file).not.toMatch(/^\//);
        expect(e.excerpt.length).toBeGreaterThan(0);
      }
      expect(TROUBLESHOOTING_MATRIX.map((r) => r.id)).toContain(f.troubleshooting.id);
    }
  });

  it('refuses a finding without evidence and survives a throwing rule', () => {
    const noEvidence: Rule = {
      id: 'weak-mppe',
      title: 'x',
      uses: ['wire'],
      troubleshooting: 'gre-blockage',
      evaluate: () => ({ kind: 'fired', findings: [{ title: 't', severity: 'high', summary: 's', evidence: [], remediation: 'r' }] }),
    };
    const throwing: Rule = { ...noEvidence, id: 'thermal-stress', evaluate: () => { throw new Error('boom'); } };
    const report = evaluateFindings(healthyFacts(), [noEvidence, throwing, ...RULES.filter((r) => r.id !== 'weak-mppe' && r.id !== 'thermal-stress')]);
    expect(report.findings.find((f) => f.ruleId === 'weak-mppe' || f.ruleId === 'thermal-stress')).toBeUndefined();
    expect(statusOf(report, 'weak-mppe')).toBe('not-evaluated');
    expect(report.rules.find((r) => r.ruleId === 'thermal-stress')?.detail).toBe('rule failed: boom');
    expect(statusOf(report, 'pptp-in-use')).toBe('fired');
  });

  it('orders findings by severity and derives the risk from them', () => {
    const facts = healthyFacts();
    facts.wire = { ...facts.wire!, encryption: { verdict: 'cleartext', encryptedFrames: 0, cleartextFrames: 50, firstCleartextPacket: 12 } };
    facts.latency = { ...facts.latency!, report: { ...facts.latency!.report, lossPercent: 3, received: 97, lost: 3 } };
    const report = evaluate(facts);
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['pptp-in-use', 'critical'],
      ['data-unencrypted', 'critical'],
      ['loss-high', 'medium'],
    ]);
    expect(report.risk.counts).toMatchObject({ critical: 2, medium: 1 });
    expect(report.risk.score).toBe(85);
  });

  it('rates INCOMPLETE, never minimal, while an essential step gave no evidence, and says which', () => {
    const facts = healthyFacts();
    delete facts.interfaces;
    delete facts.processes;
    delete facts.listeners;
    delete facts.wire;
    delete facts.logs;
    const report = evaluate(facts);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.risk.rating).toBe('incomplete');
    expect(report.risk.coverage.essentialMissing).toEqual(['identify-interfaces', 'capture']);
    expect(report.risk.rationale).toMatch(/Coverage: 4 of 6 steps \(missing: identify-interfaces, capture\)/);
  });

  it('rates minimal only when every essential step gave evidence and nothing above info fired', () => {
    const facts = healthyFacts();
    // A veth named ppp0 with nothing PPTP about it, audited completely.
    facts.interfaces = { ...facts.interfaces!, interfaces: [{ ...facts.interfaces!.interfaces[0]!, linkType: 'ether', flags: ['BROADCAST', 'UP'] }] };
    facts.processes = processes([]);
    facts.listeners = listeners(null);
    facts.wire = {
      ...facts.wire!,
      control: { ...facts.wire!.control, connections: 0, controlEstablished: false, callEstablished: false },
      gre: { ...facts.wire!.gre, toServer: 0, toClient: 0, calls: [] },
      encryption: { verdict: 'no-data', encryptedFrames: 0, cleartextFrames: 0 },
      mppe: [],
      auth: null,
    };
    facts.logs = { ...facts.logs!, events: [] };
    delete facts.pppOptions;
    delete facts.chapSecrets;
    const report = evaluate(facts);
    expect(report.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['tunnel-kind-unknown:info']);
    expect(report.risk.rating).toBe('minimal');
  });
});
