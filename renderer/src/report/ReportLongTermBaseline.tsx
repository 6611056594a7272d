import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { ReportModel } from '../../../shared/report/model';
import type { LongTermBaseline, RateStats } from '../../../shared/baseline/longTermSchema';
import { summariseLongTermBaseline } from '../../../shared/baseline/longTermSummary';
import { formatBps, formatDuration, formatQuantity } from '../../../shared/format/units';

const HOUR = 3600;
/** More re-creation marks than this would hide the lines; the count is in the table. */
const MAX_MARKS = 40;

function day(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function when(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** One point per hour of the range; hours without a measured interval are null, so the lines break there. */
function hourlySeries(b: LongTermBaseline) {
  const byHour = new Map(b.hourly.map((h) => [h.start, h]));
  const first = Math.floor(b.source.from / HOUR) * HOUR;
  const points = [];
  for (let t = first; t <= b.source.to; t += HOUR) {
    const h = byHour.get(t);
    points.push({ t, rxP95: h ? h.rx.p95 / 1e6 : null, txP95: h ? h.tx.p95 / 1e6 : null, rxPeak: h ? h.rx.peak / 1e6 : null, txPeak: h ? h.tx.peak / 1e6 : null });
  }
  return points;
}

function StatsRow({ label, s }: { label: string; s: RateStats | null }) {
  return (
    <tr>
      <td>{label}</td>
      <td className="num">{formatBps(s?.p50 ?? null)}</td>
      <td className="num">{formatBps(s?.p95 ?? null)}</td>
      <td className="num">{formatBps(s?.p99 ?? null)}</td>
      <td className="num">{s ? `${formatBps(s.peak)} (${when(s.peakAt)})` : '—'}</td>
    </tr>
  );
}

/**
 * Weeks of the tunnel's history from the site's Prometheus, beside the minutes the audit
 * measured: rates computed from the raw counters, never across a re-creation of the interface
 * (where Prometheus' own rate() invents traffic), a counter reset or a gap.
 */
export function ReportLongTermBaseline({ model }: { model: ReportModel }) {
  const b = model.longTermBaseline;
  if (!b) return null;
  const summary = summariseLongTermBaseline(b);
  const data = hourlySeries(b);
  return (
    <section className="page-break" data-testid="long-term-baseline">
      <h2>Long-term baseline</h2>
      <p className="lead">
        {b.source.device} on {b.source.instance}, {day(b.source.from)} to {day(b.source.to)} from Prometheus ({b.source.prometheus}), scrapes
        every {b.source.stepSeconds} s or more. Rates are computed from the raw byte counters between two scrapes of the same interface:
        the history is split wherever the interface was re-created (its ifindex changed), its counters reset, or it was absent.
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>Direction</th>
            <th>p50</th>
            <th>p95</th>
            <th>p99</th>
            <th>Peak</th>
          </tr>
        </thead>
        <tbody>
          <StatsRow label="in (rx)" s={b.overall.rx} />
          <StatsRow label="out (tx)" s={b.overall.tx} />
        </tbody>
      </table>
      <p>
        Measured {formatDuration(b.overall.coveredSeconds)} ({formatQuantity(summary.coverageRatio * 100, '%')} of the range); interface re-created{' '}
        {b.recreations.length} time{b.recreations.length === 1 ? '' : 's'}
        {b.counterResets > 0 ? `, counters reset ${b.counterResets} times` : ''}; {b.gaps.length} gap{b.gaps.length === 1 ? '' : 's'} without data
        {b.gaps.length > 0 ? ` (longest ${formatDuration(Math.max(...b.gaps.map((g) => g.seconds)))})` : ''}.
      </p>
      <div className="avoid-break">
        <figure>
          <div className="chart" data-testid="long-term-chart">
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe3" />
                <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => day(t).slice(5)} />
                <YAxis width={72} tickFormatter={(v: number) => `${Number(v.toPrecision(3))} Mbit/s`} />
                <Legend />
                {b.recreations.slice(0, MAX_MARKS).map((r) => (
                  <ReferenceLine key={r.at} x={Math.floor(r.at / HOUR) * HOUR} stroke="#b42318" strokeDasharray="2 3" />
                ))}
                <Line name="in p95" dataKey="rxP95" stroke="#1f4e8c" dot={false} strokeWidth={1.4} isAnimationActive={false} connectNulls={false} />
                <Line name="out p95" dataKey="txP95" stroke="#2e7d32" dot={false} strokeWidth={1.4} isAnimationActive={false} connectNulls={false} />
                <Line name="in peak" dataKey="rxPeak" stroke="#1f4e8c" strokeOpacity={0.35} dot={false} strokeWidth={1} isAnimationActive={false} connectNulls={false} />
                <Line name="out peak" dataKey="txPeak" stroke="#2e7d32" strokeOpacity={0.35} dot={false} strokeWidth={1} isAnimationActive={false} connectNulls={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <figcaption>
            Per hour: 95th percentile and peak of the rates between scrapes, in Mbit/s. Breaks are hours without data; dashed red lines mark
            re-creations of the interface{b.recreations.length > MAX_MARKS ? ` (the first ${MAX_MARKS})` : ''}.
          </figcaption>
        </figure>
      </div>
      {b.daily.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Day (UTC)</th>
              <th>in p95</th>
              <th>out p95</th>
              <th>in peak</th>
              <th>out peak</th>
            </tr>
          </thead>
          <tbody>
            {b.daily.slice(-62).map((d) => (
              <tr key={d.start}>
                <td>{day(d.start)}</td>
                <td className="num">{formatBps(d.rx.p95)}</td>
                <td className="num">{formatBps(d.tx.p95)}</td>
                <td className="num">{formatBps(d.rx.peak)}</td>
                <td className="num">{formatBps(d.tx.peak)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
