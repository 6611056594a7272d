import { useAppStore } from '../store/store';
import { LiveChart } from '../components/LiveChart';
import { StatsPanel } from '../components/StatsPanel';
import { ThroughputControls } from '../components/ThroughputControls';

/** Audit step 3: live throughput of the tunnel interface. */
export function ThroughputView() {
  const chart = useAppStore((s) => s.chart);
  const unit = useAppStore((s) => s.unit);
  const session = useAppStore((s) => s.session);
  const paused = useAppStore((s) => s.paused);
  const error = useAppStore((s) => s.throughputError);
  const selected = useAppStore((s) => s.selectedIface);
  const running = useAppStore((s) => s.running);
  const hint = running
    ? 'Waiting for the first samples…'
    : selected
      ? `Press Start to measure ${selected}.`
      : 'Pick an interface on the left, then press Start.';

  return (
    <section className="panel throughput" aria-label="Live throughput">
      <header className="panel-head">
        <h2>
          Step 3 · Live throughput {session ? <span className="mono">{session.iface}</span> : null}
          {paused && <span className="badge warn">paused</span>}
        </h2>
        <code className="command">cat /proc/net/dev · /sys/class/net/{session?.iface ?? 'IF'}/statistics/*</code>
      </header>
      <ThroughputControls />
      {error && <p className="error" role="alert">{error}</p>}
      {chart ? (
        <LiveChart points={chart.points} from={chart.from} to={chart.to} unit={unit} gaps={chart.gaps} />
      ) : (
        <p className="empty" data-testid="chart-hint">{hint}</p>
      )}
      <StatsPanel />
    </section>
  );
}
