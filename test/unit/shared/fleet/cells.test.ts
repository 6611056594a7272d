import { describe, expect, it } from 'vitest';
import { baselineCell, coverageCell, findingsCell, riskCell } from '../../../../shared/fleet';
import { row } from './fleetRows.fixture';

describe('fleet cells', () => {
  it('read the same for every printer', () => {
    const r = row({
      risk: 'incomplete',
      counts: { critical: 0, high: 0, medium: 0, low: 2, info: 3 },
      coverage: { stepsCovered: 4, stepsTotal: 6, essentialMissing: ['capture', 'latency'], rulesEvaluated: 20, rulesTotal: 31 },
      baseline: { rxP95Bps: 1_250_000, txP95Bps: 320, recreations: 1, gaps: 0 },
    });
    expect(riskCell(r)).toBe('INCOMPLETE');
    expect(findingsCell(r)).toBe('0/0/0/2/3');
    expect(coverageCell(r)).toBe('4/6 steps, 20/31 rules (missing: capture, latency)');
    expect(baselineCell(r)).toBe('p95 rx 1.25 Mbit/s tx 320 bit/s, 1 re-creation, 0 gaps');
  });

  it('say why there is no figure', () => {
    expect(riskCell(row({ risk: 'untrusted', integrity: 'tampered' }))).toBe('— (untrusted)');
    expect(riskCell(row({ risk: 'untrusted', integrity: 'not-a-bundle' }))).toBe('— (no bundle)');
    expect(riskCell(row({ risk: 'not-assessed' }))).toBe('not assessed');
    expect(findingsCell(row({ counts: null }))).toBe('—');
    expect(baselineCell(row({}))).toBe('—');
  });
});
