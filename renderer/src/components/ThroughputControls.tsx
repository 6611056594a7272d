import { useAppStore } from '../store/store';
import { WINDOW_CHOICES_MS } from '../store/throughputSlice';
import { liveThroughput } from '../data/liveThroughput';

const INTERVALS_MS = [100, 200, 500, 1000, 2000, 5000, 10_000];

function windowLabel(ms: number): string {
  return ms < 3_600_000 ? `${ms / 60_000} min` : `${ms / 3_600_000} h`;
}

export function ThroughputControls() {
  const s = useAppStore();
  const iface = s.selectedIface;

  return (
    <div className="controls" role="toolbar" aria-label="Throughput controls">
      <label title={s.running ? 'The sampling interval is fixed while measuring: Stop to change it.' : 'How often the counters are read'}>
        Interval
        <select
          value={s.intervalMs}
          disabled={s.running}
          aria-describedby={s.running ? 'interval-locked' : undefined}
          onChange={(e) => s.setIntervalMs(Number(e.target.value))}
        >
          {INTERVALS_MS.map((ms) => (
            <option key={ms} value={ms}>
              {ms < 1000 ? `${ms} ms` : `${ms / 1000} s`}
            </option>
          ))}
        </select>
      </label>
      {s.running && (
        <span id="interval-locked" className="muted small" data-testid="interval-hint">
          Stop to change the interval or capacity
        </span>
      )}
      <label title={s.running ? 'Fixed while measuring: Stop to change it.' : undefined}>
        Link capacity (Mbit/s)
        <input
          type="number"
          min={0}
          step="any"
          placeholder="from sysfs"
          disabled={s.running}
          value={s.enteredLinkSpeedMbps ?? ''}
          onChange={(e) => s.setEnteredLinkSpeed(e.target.value === '' ? null : Number(e.target.value))}
        />
      </label>
      {s.running ? (
        <button type="button" className="primary" onClick={() => void liveThroughput.stop()}>
          Stop
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={!iface}
          onClick={() => iface && void liveThroughput.start(iface)}
        >
          Start {iface ?? ''}
        </button>
      )}
      <button type="button" disabled={!s.running} aria-pressed={s.paused} onClick={() => s.togglePause()}>
        {s.paused ? 'Resume' : 'Pause'}
      </button>
      <div className="segmented" role="group" aria-label="Unit">
        {(['bits', 'bytes'] as const).map((unit) => (
          <button key={unit} type="button" aria-pressed={s.unit === unit} onClick={() => s.setUnit(unit)}>
            {unit === 'bits' ? 'bit/s' : 'B/s'}
          </button>
        ))}
      </div>
      <label>
        Window
        <select
          value={s.windowMs}
          onChange={(e) => {
            s.setWindow(Number(e.target.value));
            liveThroughput.refresh();
          }}
        >
          {WINDOW_CHOICES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {windowLabel(ms)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
