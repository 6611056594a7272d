import type { BundleReading, FleetRow } from '../../../../shared/fleet';

/** A reading of an intact, closed bundle; override what a case is about. */
export function reading(overrides: Partial<BundleReading> = {}): BundleReading {
  return {
    dir: '/audits/gw',
    verification: { state: 'closed', intact: true, problems: [], warnings: [] },
    manifest: { bundleId: 'b-1', site: 'Site', createdAt: '2026-11-24T08:58:09.868Z', closedAt: '2026-11-24T09:00:00.000Z' },
    identity: { site: 'Site', asset: 'gateway' },
    readError: null,
    findings: {
      risk: {
        rating: 'medium',
        score: 5,
        counts: { critical: 0, high: 0, medium: 1, low: 0, info: 2 },
        coverage: { stepsCovered: ['identify-interfaces', 'kernel-modules'], essentialMissing: [], rulesEvaluated: 20, rulesTotal: 31 },
      },
    },
    baseline: null,
    problems: [],
    ...overrides,
  };
}

/** A row as the summary would make it; only what ordering looks at matters. */
export function row(overrides: Partial<FleetRow>): FleetRow {
  return {
    dir: '/audits/x',
    bundleId: 'b',
    site: 'Site',
    asset: '',
    auditedAt: '2026-11-24T08:58:09.868Z',
    closedAt: null,
    integrity: 'intact',
    risk: 'low',
    score: 1,
    counts: { critical: 0, high: 0, medium: 0, low: 1, info: 0 },
    coverage: { stepsCovered: 6, stepsTotal: 6, essentialMissing: [], rulesEvaluated: 30, rulesTotal: 31 },
    baseline: null,
    notes: [],
    ...overrides,
  };
}
