import { describe, expect, it } from 'vitest';
import { fleetRow } from '../../../../shared/fleet';
import { reading } from './fleetRows.fixture';

describe('fleetRow: figures only from a bundle that verifies and makes sense', () => {
  it('an intact, closed bundle gives its rating, counts, coverage and labels', () => {
    const r = fleetRow(reading());
    expect(r).toMatchObject({ integrity: 'intact', risk: 'medium', score: 5, site: 'Site', asset: 'gateway', auditedAt: '2026-11-24T08:58:09.868Z' });
    expect(r.counts).toEqual({ critical: 0, high: 0, medium: 1, low: 0, info: 2 });
    expect(r.coverage).toEqual({ stepsCovered: 2, stepsTotal: 6, essentialMissing: [], rulesEvaluated: 20, rulesTotal: 31 });
    expect(r.notes).toEqual([]);
  });

  it('a tampered bundle keeps its labels but none of its figures, and says why', () => {
    const r = fleetRow(reading({ verification: { state: 'closed', intact: false, problems: ['changed: findings.json (sha256 …)'], warnings: [] } }));
    expect(r).toMatchObject({ integrity: 'tampered', risk: 'untrusted', score: null, counts: null, coverage: null, baseline: null, site: 'Site' });
    expect(r.notes).toEqual(['figures withheld: the bundle fails verification', 'changed: findings.json (sha256 …)']);
  });

  it('a bundle whose fixed file was refused while reading is unreadable, figures withheld', () => {
    const r = fleetRow(reading({ readError: 'refused "facts.json" in the evidence bundle: is a symbolic link' }));
    expect(r).toMatchObject({ integrity: 'unreadable', risk: 'untrusted', counts: null });
    expect(r.notes[1]).toContain('symbolic link');
  });

  it('a folder without a manifest is a row that says so', () => {
    const r = fleetRow(reading({ verification: null, manifest: null, identity: null, findings: null }));
    expect(r).toMatchObject({ integrity: 'not-a-bundle', risk: 'untrusted', site: null, notes: ['not an evidence bundle (no manifest.json)'] });
  });

  it('an open (never closed) bundle is partial: figures shown, flagged', () => {
    const r = fleetRow(reading({ verification: { state: 'open', intact: true, problems: [], warnings: ['the bundle was never closed (…)'] } }));
    expect(r.integrity).toBe('open');
    expect(r.risk).toBe('medium');
    expect(r.notes).toEqual(['the audit was never closed (still running, or it crashed): partial evidence']);
  });

  it('no findings.json: not assessed', () => {
    const r = fleetRow(reading({ findings: null }));
    expect(r).toMatchObject({ integrity: 'intact', risk: 'not-assessed', counts: null });
    expect(r.notes[0]).toMatch(/no findings\.json/);
  });

  it.each([
    ['an unknown rating', { risk: { rating: 'fine', score: 0, counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } } }],
    ['negative counts', { risk: { rating: 'minimal', score: 0, counts: { critical: -1, high: 0, medium: 0, low: 0, info: 0 } } }],
    ['a string score', { risk: { rating: 'minimal', score: '0', counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } } }],
    ['no risk at all', { findings: [] }],
    ['not an object', 'critical'],
  ])('malformed findings.json (%s): not assessed, never a crash', (_, findings) => {
    const r = fleetRow(reading({ findings }));
    expect(r.risk).toBe('not-assessed');
    expect(r.counts).toBeNull();
  });

  it('a rating better than its own counts (an edited, resealed findings.json) is not repeated', () => {
    const findings = { risk: { rating: 'minimal', score: 0, counts: { critical: 1, high: 0, medium: 0, low: 0, info: 0 } } };
    const r = fleetRow(reading({ findings }));
    expect(r.risk).toBe('not-assessed');
    expect(r.notes.join(' ')).toMatch(/rates the site minimal against its own finding counts/);
  });

  it('INCOMPLETE stands beside low or no findings', () => {
    for (const low of [0, 2]) {
      const findings = { risk: { rating: 'incomplete', score: low, counts: { critical: 0, high: 0, medium: 0, low, info: 0 } } };
      expect(fleetRow(reading({ findings })).risk).toBe('incomplete');
    }
  });

  it('baseline figures when the file is there; a malformed one is named, not shown', () => {
    const baseline = { rxP95Bps: 125000, txP95Bps: 2500, recreations: 2, gaps: 1, extra: 'kept out' };
    expect(fleetRow(reading({ baseline })).baseline).toEqual({ rxP95Bps: 125000, txP95Bps: 2500, recreations: 2, gaps: 1 });
    const bad = fleetRow(reading({ baseline: { rxP95Bps: 'a lot', txP95Bps: 1, recreations: 0, gaps: 0 } }));
    expect(bad.baseline).toBeNull();
    expect(bad.notes).toContain('the baseline file is malformed: its figures are not shown');
  });

  it('labels and notes are bounded: a huge site name or a flood of problems cannot swell the table', () => {
    const problems = Array.from({ length: 50 }, (_, i) => `refused: outputs/${i} ${'x'.repeat(1000)}`);
    const r = fleetRow(reading({ identity: { site: 's'.repeat(5000), asset: '' }, verification: { state: 'closed', intact: false, problems, warnings: [] } }));
    expect(r.site!.length).toBeLessThanOrEqual(201);
    expect(r.notes.length).toBe(5);
    expect(r.notes.every((n) => n.length <= 301)).toBe(true);
    expect(r.notes.at(-1)).toMatch(/and 47 more/);
  });
});
