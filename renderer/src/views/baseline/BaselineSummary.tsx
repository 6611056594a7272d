import type { LongTermBaselineSummary } from '../../../../shared/baseline/longTermSummary';
import { formatBps, formatQuantity } from '../../../../shared/format/units';

const day = (epochS: number) => new Date(epochS * 1000).toISOString().slice(0, 16).replace('T', ' ');

/** The figures the report's section starts with, as one can check them before printing. */
export function BaselineSummary({ summary: s }: { summary: LongTermBaselineSummary }) {
  return (
    <div data-testid="baseline-summary">
      <p className="small">
        <strong>{s.device}</strong> on <code>{s.instance}</code>, {day(s.from)} to {day(s.to)} UTC: attached to the bundle as supplied
        evidence (<code>outputs/long-term-baseline.json</code>); the report prints it.
      </p>
      <dl className="baseline-figures">
        <dt>p95 rx / tx</dt>
        <dd data-testid="baseline-p95">
          {formatBps(s.rxP95Bps)} / {formatBps(s.txP95Bps)}
        </dd>
        <dt>Peak rx / tx</dt>
        <dd>
          {formatBps(s.rxPeakBps)} / {formatBps(s.txPeakBps)}
        </dd>
        <dt>Re-creations</dt>
        <dd data-testid="baseline-recreations">{s.recreations}</dd>
        <dt>Counter resets</dt>
        <dd>{s.counterResets}</dd>
        <dt>Gaps</dt>
        <dd>{s.gaps}</dd>
        <dt>Coverage</dt>
        <dd data-testid="baseline-coverage">{formatQuantity(s.coverageRatio * 100, '%')}</dd>
      </dl>
    </div>
  );
}
