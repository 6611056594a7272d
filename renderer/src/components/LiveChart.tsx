import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from '../../../shared/analysis/downsample';
import { formatInScale, formatRate, rateScale } from '../../../shared/format/units';
import { niceValueTicks, timeStepMs, timeTicks } from '../../../shared/format/ticks';
import type { RateUnit } from '../store/throughputSlice';

interface Props {
  points: ChartPoint[];
  from: number;
  to: number;
  unit: RateUnit;
  gaps: Array<{ from: number; to: number; reason: string }>;
}

function clock(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour12: false });
}

function clockMinutes(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit' });
}

function maxRate(points: ChartPoint[]): number {
  let max = 0;
  for (const p of points) max = Math.max(max, p.rx ?? 0, p.tx ?? 0);
  return max;
}

/**
 * Bidirectional throughput. Animations are off and dataKeys stable so recharts only redraws
 * paths; null points break the line, which is how a tunnel re-creation shows as a gap.
 */
export const LiveChart = memo(function LiveChart({ points, from, to, unit, gaps }: Props) {
  // One unit for the whole axis, chosen by the larger series: rx in kbit/s beside tx in Mbit/s
  // is drawn and labelled in Mbit/s, so neither looks like zero by accident of labelling.
  const max = maxRate(points);
  const scale = rateScale(max, unit);
  const yTicks = niceValueTicks(0, max / scale.divisor, 4).map((v) => v * scale.divisor);
  const tickLabel = timeStepMs(from, to) >= 60_000 ? clockMinutes : clock;
  return (
    <div className="chart" data-testid="live-chart" data-points={points.length} data-gap-spans={gaps.length} data-axis-unit={scale.unit}>
      <ResponsiveContainer width="100%" height={320}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={[from, to]}
            scale="time"
            ticks={timeTicks(from, to)}
            tickFormatter={tickLabel}
            minTickGap={24}
            allowDataOverflow
          />
          <YAxis
            width={92}
            domain={[0, yTicks.at(-1) ?? 'auto']}
            ticks={yTicks}
            tickFormatter={(v: number) => formatInScale(v, scale)}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(t) => clock(Number(t))}
            formatter={(v) => formatRate(typeof v === 'number' ? v : null, unit)}
          />
          <Legend />
          {gaps.map((g) => (
            <ReferenceArea
              key={`${g.from}-${g.reason}`}
              x1={g.from}
              x2={Math.max(g.to, g.from + 1)}
              fill="#b42318"
              fillOpacity={0.08}
              stroke="#b42318"
              strokeOpacity={0.4}
              strokeDasharray="4 3"
              label={{ value: g.reason, position: 'insideTop', fill: '#b42318', fontSize: 11 }}
              ifOverflow="hidden"
            />
          ))}
          <Line
            name="in (rx)"
            dataKey="rx"
            stroke="#1f6feb"
            strokeWidth={1.6}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            name="out (tx)"
            dataKey="tx"
            stroke="#d9480f"
            strokeWidth={1.6}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
