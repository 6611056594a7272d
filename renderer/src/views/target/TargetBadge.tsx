import { useAppStore } from '../../store/store';

/**
 * Where the operations run, in the header, following target.state: this machine, a gateway
 * with its pinned host key, or a dropped connection (the gap is recorded; it re-opens on next use).
 */
export function TargetBadge() {
  const target = useAppStore((s) => s.target);
  if (!target) return null;
  const pinned = target.hostKey ? `${target.hostKey.fingerprint} pinned` : 'host key not verified';
  const how =
    target.hostKey?.trust === 'accepted-new'
      ? 'the auditor accepted this key on first use; it is now in known_hosts'
      : 'this key is the one known_hosts holds for the gateway';
  let text: string;
  let title: string | undefined;
  switch (target.state) {
    case 'local':
      text = 'This machine';
      title = 'The audit operations run on this machine.';
      break;
    case 'connecting':
      text = `${target.target ?? 'gateway'} connecting…`;
      break;
    case 'connected':
      text = `${target.target} connected (${pinned})`;
      title = `${how}${target.gateway ? ` · ${target.gateway.hostname}, Linux ${target.gateway.kernelRelease}` : ''}`;
      break;
    case 'reconnecting':
      text = `${target.target} connection lost — reconnecting`;
      title = target.message ?? undefined;
      break;
    case 'lost':
      // Re-opened by the next operation (the gap in samples is recorded either way).
      text = `${target.target} connection lost — reconnects when next used`;
      title = target.message ?? undefined;
      break;
  }
  return (
    <span className="target-badge" data-state={target.state} role="status" aria-label="Where the audit runs" title={title}>
      <span className={`target-dot target-dot-${target.state}`} aria-hidden="true" />
      {text}
    </span>
  );
}
