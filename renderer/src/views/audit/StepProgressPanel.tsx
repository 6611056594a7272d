import { useEffect, useState } from 'react';
import type { StepProgress } from '../../../../shared/ipc/channels/audit';
import { useAppStore } from '../../store/store';

function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The counts a running step reports, in words ("1 234 packets, 1.2 MiB captured"). */
export function countsText(counts: StepProgress['counts']): string {
  const parts: string[] = [];
  if (counts.packets !== undefined) parts.push(`${counts.packets.toLocaleString('en-GB')} packets`);
  if (counts.bytes !== undefined) parts.push(`${bytesText(counts.bytes)} captured`);
  if (counts.samples !== undefined) parts.push(`${counts.samples} samples`);
  if (counts.replies !== undefined) parts.push(`${counts.replies} replies`);
  return parts.join(' · ');
}

/**
 * A running step's countdown, what it gathered so far and its Cancel. Cancel keeps what was
 * gathered; the run is then recorded as cancelled and its verdict as partial.
 */
export function StepProgressPanel({ progress }: { progress: StepProgress }) {
  const cancelStep = useAppStore((s) => s.cancelStep);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const elapsed = Math.max(0, (now - Date.parse(progress.startedAt)) / 1000);
  const planned = progress.plannedS;
  const left = planned === null ? null : Math.max(0, Math.ceil(planned - elapsed));
  const counts = countsText(progress.counts);
  return (
    <div className="step-progress" role="status" data-testid="step-progress" data-cancelling={progress.cancelling}>
      <div className="progress" aria-hidden="true">
        <div style={{ width: planned ? `${Math.min(100, (elapsed / planned) * 100)}%` : '100%' }} className={planned ? '' : 'indeterminate'} />
      </div>
      <p className="small">
        <strong>{progress.cancelling ? 'Cancelling — keeping what was gathered…' : 'Running'}</strong>{' '}
        <span data-testid="countdown">
          {left === null ? `${Math.floor(elapsed)} s elapsed` : left > 0 ? `${left} s left of ${planned} s` : `finishing (planned ${planned} s)`}
        </span>
        {counts && (
          <>
            {' · '}
            <span data-testid="live-counts">{counts}</span>
          </>
        )}
      </p>
      <button type="button" className="danger small" disabled={progress.cancelling} onClick={() => void cancelStep()}>
        Cancel
      </button>
      <span className="muted small"> Cancel keeps what was gathered; the run is recorded as cancelled and cannot pass.</span>
    </div>
  );
}
