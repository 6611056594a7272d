import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatMs, formatNumber } from '../../../shared/format/units';
import { niceStep, niceValueTicks } from '../../../shared/format/ticks';

/** Round-trip time per echo sequence number; lost echoes show as breaks in the line. */
export function LatencyChart({ rtts, avgMs, height = 220 }: { rtts: Array<{ seq: number; rttMs: number }>; avgMs: number | null; height?: number }) {
  const bySeq = new Map(rtts.map((r) => [r.seq, r.rttMs]));
  const maxSeq = rtts.reduce((m, r) => Math.max(m, r.seq), 0);
  const minSeq = rtts.reduce((m, r) => Math.min(m, r.seq), maxSeq);
  const data = Array.from({ length: Math.max(0, maxSeq - minSeq + 1) }, (_, i) => ({
    seq: minSeq + i,
    rtt: bySeq.get(minSeq + i) ?? null,
  }));
  const yTicks = niceValueTicks(0, rtts.reduce((m, r) => Math.max(m, r.rttMs), 0), 4);
  const span = maxSeq - minSeq;
  const step = Math.max(1, niceStep(span, 8));
  const xTicks: number[] = [];
  for (let s = Math.ceil(minSeq / step) * step; s <= maxSeq; s += step) xTicks.push(s);
  return (
    <div className="chart" data-testid="latency-chart">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe3" />
          <XAxis dataKey="seq" type="number" domain={[minSeq, maxSeq]} ticks={xTicks} label={{ value: 'icmp_seq', position: 'insideBottomRight', offset: -4, fontSize: 11 }} />
          <YAxis width={64} domain={[0, yTicks.at(-1) ?? 'auto']} ticks={yTicks} tickFormatter={(v: number) => `${formatNumber(v)} ms`} />
          {avgMs !== null && <ReferenceLine y={avgMs} stroke="#5b6776" strokeDasharray="4 3" label={{ value: `avg ${formatMs(avgMs)}`, position: 'insideTopRight', fontSize: 11 }} />}
          <Line dataKey="rtt" stroke="#1f4e8c" dot={false} strokeWidth={1.4} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
