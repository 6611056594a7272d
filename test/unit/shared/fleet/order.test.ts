import { describe, expect, it } from 'vitest';
import { FLEET_RISK_ORDER, sortFleetRows, summarizeFleet } from '../../../../shared/fleet';
import { reading, row } from './fleetRows.fixture';

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('fleet order: worst first', () => {
  it('untrusted, critical, high, medium, not assessed, INCOMPLETE, low, minimal', () => {
    const rows = FLEET_RISK_ORDER.map((risk, i) => row({ risk, dir: `/a/${i}`, integrity: risk === 'untrusted' ? 'tampered' : 'intact' }));
    for (const seed of [1, 2, 3, 4, 5]) expect(sortFleetRows(shuffled(rows, seed)).map((r) => r.risk)).toEqual([...FLEET_RISK_ORDER]);
  });

  it('INCOMPLETE comes after a known medium and before a clean low', () => {
    const sorted = sortFleetRows([row({ risk: 'low', dir: '/l' }), row({ risk: 'incomplete', dir: '/i' }), row({ risk: 'medium', dir: '/m' })]);
    expect(sorted.map((r) => r.dir)).toEqual(['/m', '/i', '/l']);
  });

  it('within a rating: higher score, then less coverage, then the older audit, then site, then folder', () => {
    const cov = (steps: number) => ({ stepsCovered: steps, stepsTotal: 6, essentialMissing: [], rulesEvaluated: 10, rulesTotal: 31 });
    const rows = [
      row({ risk: 'high', score: 15, dir: '/e', site: 'B', coverage: cov(6) }),
      row({ risk: 'high', score: 30, dir: '/a' }),
      row({ risk: 'high', score: 15, dir: '/c', coverage: cov(6), auditedAt: '2026-01-01T00:00:00Z' }),
      row({ risk: 'high', score: 15, dir: '/b', coverage: cov(3) }),
      row({ risk: 'high', score: 15, dir: '/f', site: 'B', coverage: cov(6) }),
      row({ risk: 'high', score: 15, dir: '/d', site: 'A', coverage: cov(6) }),
    ];
    for (const seed of [7, 8, 9]) expect(sortFleetRows(shuffled(rows, seed)).map((r) => r.dir)).toEqual(['/a', '/b', '/c', '/d', '/e', '/f']);
  });

  it('a hostile auditedAt (not an ISO time) sorts as the oldest, never ahead of real times by accident', () => {
    const sorted = sortFleetRows([row({ dir: '/real' }), row({ dir: '/odd', auditedAt: '\u001b[2J9999' })]);
    expect(sorted.map((r) => r.dir)).toEqual(['/odd', '/real']);
  });

  it('summarizeFleet: one row per reading, tampered and partial rows included and ordered first', () => {
    const summary = summarizeFleet(
      [
        reading({ dir: '/ok' }),
        reading({ dir: '/tampered', verification: { state: 'closed', intact: false, problems: ['added: x'], warnings: [] } }),
        reading({ dir: '/nobundle', verification: null }),
        reading({ dir: '/crashed', verification: { state: 'open', intact: true, problems: [], warnings: [] }, findings: null }),
      ],
      '2026-12-03T00:00:00.000Z',
    );
    expect(summary.format).toBe('pptp-auditor-fleet/1');
    expect(summary.rows.map((r) => [r.dir, r.integrity, r.risk])).toEqual([
      ['/nobundle', 'not-a-bundle', 'untrusted'],
      ['/tampered', 'tampered', 'untrusted'],
      ['/ok', 'intact', 'medium'],
      ['/crashed', 'open', 'not-assessed'],
    ]);
    expect(summary.order).toMatch(/^Worst first/);
  });
});
