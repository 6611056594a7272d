import type { ReportModel } from '../../../shared/report/model';
import { BASELINE_METRICS } from '../../../shared/findings/baseline';
import { LiveChart } from '../components/LiveChart';
import { LatencyChart } from '../components/LatencyChart';
import { OverheadChart } from '../components/OverheadChart';
import { formatMs, formatPercent, formatQuantity } from '../../../shared/format/units';

export function ReportBaseline({ model }: { model: ReportModel }) {
  const t = model.throughput;
  return (
    <section className="page-break">
      <h2>2. Performance baseline</h2>
      <table className="grid metrics">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Measured</th>
          </tr>
        </thead>
        <tbody>
          {BASELINE_METRICS.map((m) => {
            const v = model.baseline[m.key];
            return (
              <tr key={m.key}>
                <td>{m.label}</td>
                <td className="num">{v === null ? 'not measured' : formatQuantity(v, m.unit)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="avoid-break">
      <h3>Throughput of the tunnel interface</h3>
      {t ? (
        <figure>
          <LiveChart points={t.points} from={t.points[0]?.t ?? 0} to={t.points.at(-1)?.t ?? 1} unit="bits" gaps={[]} />
          <figcaption>
            Bits per second in (rx) and out (tx) of {model.target?.iface ?? 'the tunnel'}, from /proc/net/dev.
            {t.gaps > 0 ? ` ${t.gaps} discontinuities (interface re-created or counters reset) are breaks in the lines.` : ''}
            {t.linkSpeedMbps ? ` Carrier capacity ${t.linkSpeedMbps} Mbit/s.` : ' Carrier capacity unknown.'}
          </figcaption>
        </figure>
      ) : (
        <p className="muted">No throughput samples in this audit.</p>
      )}
      </div>
      <div className="avoid-break">
      <h3>Latency and jitter across the tunnel</h3>
      {model.latency ? (
        <figure>
          <LatencyChart rtts={model.latency.rtts} avgMs={model.latency.avgMs} />
          <figcaption>
            Round-trip time of each echo request (ping -s 1400 through the tunnel). Loss {formatPercent(model.latency.lossPercent)},
            RFC 3550 jitter {formatMs(model.latency.jitterMs)}.
          </figcaption>
        </figure>
      ) : (
        <p className="muted">No latency measurement in this audit.</p>
      )}
      </div>
      <div className="avoid-break">
      <h3>Payload-to-overhead ratio</h3>
      {model.overhead && model.overhead.buckets.some((b) => b.packets > 0) ? (
        <figure>
          <OverheadChart buckets={model.overhead.buckets} />
          <figcaption>
            Inner payload against encapsulation bytes of every GRE data packet captured, by outer packet size.
            Overall {formatPercent(model.overhead.overheadPercent)} of the bytes on the wire are
            PPTP overhead (payload/overhead ratio {model.overhead.ratio ?? '—'}).
          </figcaption>
        </figure>
      ) : (
        <p className="muted">
          {model.overhead ? 'The capture holds no GRE data packets: no overhead to measure.' : 'No capture analysed in this audit.'}
        </p>
      )}
      </div>
    </section>
  );
}
