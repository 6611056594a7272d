import { utilisation } from '../../../shared/analysis/throughputStats';
import { formatBytes, formatDuration, formatRate, formatShare } from '../../../shared/format/units';
import type { DirectionStats } from '../../../shared/model/throughput';
import { useAppStore } from '../store/store';

function pct(value: number | null): string {
  return formatShare(value);
}

function Row({ label, dir, d }: { label: string; dir: 'rx' | 'tx'; d: DirectionStats }) {
  const unit = useAppStore((s) => s.unit);
  const link = useAppStore((s) => s.session?.linkSpeedMbps ?? null);
  // Raw figures ride along as data attributes: the end-to-end tests compare them with the kernel.
  return (
    <tr data-testid={`stats-${dir}`} data-current-bps={d.currentBps ?? ''} data-avg-bps={d.avgBps ?? ''}
      data-total-bytes={d.totalBytes}>
      <th scope="row">{label}</th>
      <td data-testid={`${dir}-current`}>{formatRate(d.currentBps, unit)}</td>
      <td data-testid={`${dir}-avg`}>{formatRate(d.avgBps, unit)}</td>
      <td>{formatRate(d.minBps, unit)}</td>
      <td>{formatRate(d.maxBps, unit)}</td>
      <td>{formatBytes(d.totalBytes)}</td>
      <td>{d.totalPackets.toLocaleString()}</td>
      <td className={d.errors + d.dropped > 0 ? 'bad' : ''}>
        {d.errors} / {d.dropped}
      </td>
      <td>{pct(utilisation(d.avgBps, link))}</td>
    </tr>
  );
}

export function StatsPanel() {
  const snapshot = useAppStore((s) => s.snapshot);
  const session = useAppStore((s) => s.session);
  if (!snapshot || !session) return null;
  const { stats, last, discontinuities } = snapshot;
  const linkNote =
    session.linkSpeedMbps === null
      ? 'link capacity unknown: enter it to see utilisation'
      : `link capacity ${session.linkSpeedMbps} Mbit/s (${session.linkSpeedSource === 'auditor' ? 'entered' : 'sysfs speed'})`;

  return (
    <section className="panel stats" aria-label="Statistics" data-measured-seconds={stats.measuredSeconds}
      data-gaps={stats.gaps}>
      <table>
        <thead>
          <tr>
            <th />
            <th>current</th>
            <th>average</th>
            <th>min</th>
            <th>max</th>
            <th>total</th>
            <th>packets</th>
            <th>errors / drops</th>
            <th>avg utilisation</th>
          </tr>
        </thead>
        <tbody>
          <Row label="in (rx)" dir="rx" d={stats.rx} />
          <Row label="out (tx)" dir="tx" d={stats.tx} />
        </tbody>
      </table>
      <p className="stats-foot">
        <span>measured {formatDuration(stats.measuredSeconds)}</span>
        <span
          data-testid="gap-count"
          title="A break is a sample whose rate is unknown because the interface vanished, came back as a new one or its counters reset. The first sample only opens the stream: a rate needs two readings."
        >
          {discontinuities === 0 ? 'no breaks' : `${discontinuities} break${discontinuities === 1 ? '' : 's'}`}
          {last?.gapReason && last.gapReason !== 'start' ? ` (last: ${last.gapReason})` : ''}
        </span>
        <span data-testid="iface-state" className={last && !last.present ? 'bad' : ''}>
          {last === null ? 'waiting' : last.present ? `ifindex ${last.ifindex}` : `${session.iface} is down — waiting for it to return`}
        </span>
        <span>{linkNote}</span>
        {snapshot.missedBatches > 0 && <span className="bad">{snapshot.missedBatches} batches lost</span>}
      </p>
    </section>
  );
}
