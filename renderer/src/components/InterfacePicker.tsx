import { useEffect } from 'react';
import { useAppStore } from '../store/store';

/**
 * The list is re-read every few seconds: a tunnel that went away must not stay listed as UP
 * (PPP interfaces come and go with the link).
 */
const REFRESH_EVERY_MS = 3000;

export function InterfacePicker() {
  const interfaces = useAppStore((s) => s.interfaces);
  const selected = useAppStore((s) => s.selectedIface);
  const error = useAppStore((s) => s.interfacesError);
  const select = useAppStore((s) => s.selectIface);
  const refresh = useAppStore((s) => s.refreshInterfaces);
  const running = useAppStore((s) => s.running);
  // The backend lists the interfaces of the current target: say whose they are.
  const gateway = useAppStore((s) => s.gatewayForAudit());
  useEffect(() => {
    const timer = setInterval(() => void refresh(), REFRESH_EVERY_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const gone = selected !== null && !interfaces.some((i) => i.name === selected);

  return (
    <section className="panel picker" aria-label="Interfaces">
      <header className="panel-head">
        <h2>Interfaces</h2>
        <button type="button" onClick={() => void refresh()}>Refresh</button>
      </header>
      <p className="muted small" data-testid="interfaces-of">
        {gateway ? (
          <>
            on the gateway <code>{gateway}</code>
          </>
        ) : (
          'on this machine'
        )}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <ul>
        {gone && (
          <li key={`gone-${selected}`}>
            <button type="button" className="iface selected" aria-pressed disabled data-iface={selected}>
              <span className="iface-name">{selected}</span>
              <span className="state down" data-testid="iface-gone">GONE</span>
              <span className="iface-meta">not present now: waiting for it to return</span>
            </button>
          </li>
        )}
        {interfaces.map((info) => {
          const up = info.operState === 'UP' || (info.operState === 'UNKNOWN' && info.flags.includes('UP'));
          return (
            <li key={info.name}>
              <button
                type="button"
                className={`iface ${info.name === selected ? 'selected' : ''}`}
                aria-pressed={info.name === selected}
                disabled={running}
                data-iface={info.name}
                onClick={() => select(info.name)}
              >
                <span className="iface-name">
                  {info.name}
                  {info.isTunnel && <span className="badge tunnel">tunnel</span>}
                </span>
                <span className={`state ${up ? 'up' : 'down'}`}>{info.operState}</span>
                <span className="iface-meta">
                  mtu {info.mtu}
                  {info.flags.includes('POINTOPOINT') ? ' · point-to-point' : ''}
                </span>
                {info.addresses
                  .filter((a) => a.family === 'inet' || !a.local.startsWith('fe80'))
                  .map((a) => (
                    <span key={`${a.local}/${a.prefixlen}`} className="iface-addr">
                      {a.local}
                      {a.peer ? ` → ${a.peer}` : `/${a.prefixlen}`}
                      {a.dynamic && <span className="badge warn">dynamic</span>}
                    </span>
                  ))}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
