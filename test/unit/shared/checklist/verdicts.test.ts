import { describe, it, expect } from 'vitest';
import { RULES_BY_STEP, STEP_IDS, suggestVerdict } from '../../../../shared/checklist';
import { evaluateFindings, RULES } from '../../../../shared/findings';
import { healthyFacts, latency } from '../findings/facts.fixture';
import { labFacts } from '../findings/lab.fixture';

describe('verdicts suggested by the findings', () => {
  it('maps every rule except "PPTP in use" to at least one step, and only known rules', () => {
    const mapped = new Set(Object.values(RULES_BY_STEP).flat());
    expect(RULES.map((r) => r.id).filter((id) => !mapped.has(id))).toEqual(['pptp-in-use']);
    for (const id of mapped) expect(RULES.map((r) => r.id)).toContain(id);
  });

  it('passes steps of a healthy audit with the basis, and fails the step whose rules found a high', () => {
    const report = evaluateFindings(healthyFacts());
    for (const id of STEP_IDS) expect(suggestVerdict(id, report)?.level, id).toBe('pass');
    expect(suggestVerdict('latency', report)?.reason).toContain('average RTT 24.3 ms');

    const facts = healthyFacts();
    facts.latency = latency({ lossPercent: 12, received: 88, lost: 12 });
    expect(suggestVerdict('latency', evaluateFindings(facts))).toEqual({ level: 'fail', reason: '12% packet loss across the tunnel (high)' });
  });

  it('warns on medium findings, and gives no verdict when nothing could be evaluated', () => {
    const lab = evaluateFindings(labFacts('healthy'));
    expect(suggestVerdict('identify-interfaces', lab)).toEqual({ level: 'warn', reason: 'MTU mismatch causes fragmentation (medium)' });
    expect(suggestVerdict('capture', lab)?.level).toBe('fail');
    expect(suggestVerdict('throughput', evaluateFindings({}))).toBeNull();
  });
});
