import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { OverheadBucketView } from '../../../shared/report/model';
import { formatBytes } from '../../../shared/format/units';
import { niceValueTicks } from '../../../shared/format/ticks';

/** Payload versus encapsulation bytes per outer packet size: what PPTP costs on this traffic. */
export function OverheadChart({ buckets, height = 220 }: { buckets: OverheadBucketView[]; height?: number }) {
  const data = buckets.filter((b) => b.packets > 0);
  const yTicks = niceValueTicks(0, data.reduce((m, b) => Math.max(m, b.payloadBytes + b.overheadBytes), 0), 4);
  return (
    <div className="chart" data-testid="overhead-chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe3" />
          <XAxis dataKey="label" tickFormatter={(l: string) => `${l} B`} />
          <YAxis width={72} domain={[0, yTicks.at(-1) ?? 'auto']} ticks={yTicks} tickFormatter={(v: number) => formatBytes(v)} />
          <Legend />
          <Bar dataKey="payloadBytes" name="inner payload" stackId="a" fill="#1f6feb" isAnimationActive={false} />
          <Bar dataKey="overheadBytes" name="IP + GRE + PPP + MPPE headers" stackId="a" fill="#d9480f" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
