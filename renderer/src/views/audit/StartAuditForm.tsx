import { useEffect, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store/store';

/** Site, asset, auditor and the tunnel to audit; everything validated again by the backend. */
export function StartAuditForm() {
  const interfaces = useAppStore((s) => s.interfaces);
  const startAudit = useAppStore((s) => s.startAudit);
  const tunnels = interfaces.filter((i) => i.isTunnel);
  const firstTunnel = tunnels[0];
  const [site, setSite] = useState('');
  const [asset, setAsset] = useState('');
  const [auditor, setAuditor] = useState('');
  const [iface, setIface] = useState(firstTunnel?.name ?? '');
  const [carrier, setCarrier] = useState(interfaces.find((i) => !i.isTunnel && i.name !== 'lo')?.name ?? '');
  const [remote, setRemote] = useState(firstTunnel?.addresses.find((a) => a.peer)?.peer ?? '');
  const [linkSpeed, setLinkSpeed] = useState('');

  // The interface list arrives after the first render: propose the first tunnel, its peer
  // and a physical carrier once it is there, without overwriting what the auditor typed.
  useEffect(() => {
    if (interfaces.length === 0) return;
    const tunnel = interfaces.find((i) => i.isTunnel);
    setIface((v) => v || tunnel?.name || 'ppp0');
    setCarrier((v) => v || interfaces.find((i) => !i.isTunnel && i.name !== 'lo')?.name || '');
    setRemote((v) => v || tunnel?.addresses.find((a) => a.peer)?.peer || '');
  }, [interfaces]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void startAudit({
      identity: { site: site.trim(), asset: asset.trim(), auditor: auditor.trim() },
      target: { iface, carrier, remoteIp: remote.trim() },
      linkSpeedMbps: linkSpeed === '' ? null : Number(linkSpeed),
    });
  };
  const choose = (value: string, onChange: (v: string) => void, label: string) => (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} required>
      <option value="" disabled>
        choose…
      </option>
      {interfaces.map((i) => (
        <option key={i.name} value={i.name}>
          {i.name}
          {i.isTunnel ? ' (tunnel)' : ''} — {i.operState}
        </option>
      ))}
    </select>
  );

  return (
    <form className="panel start-form" onSubmit={submit} aria-label="Start an audit">
      <h2>Start an audit</h2>
      <p className="muted">
        Read-only and passive: the audit reads counters, logs and rules, captures on the carrier, and sends only the bounded
        pings of step 6 to the address you enter.
      </p>
      <div className="form-grid">
        <label>
          Site
          <input value={site} onChange={(e) => setSite(e.target.value)} required maxLength={200} placeholder="Lakeside water treatment" />
        </label>
        <label>
          Asset
          <input value={asset} onChange={(e) => setAsset(e.target.value)} maxLength={200} placeholder="RTU gateway GW-3" />
        </label>
        <label>
          Auditor
          <input value={auditor} onChange={(e) => setAuditor(e.target.value)} maxLength={200} />
        </label>
        <label>
          Tunnel interface
          {/* Free text: a tunnel that is down (LCP timing out, reconnecting) has no ppp0 to pick. */}
          <input aria-label="Tunnel interface" list="tunnel-names" value={iface} onChange={(e) => setIface(e.target.value.trim())} required maxLength={15} pattern="[A-Za-z0-9_.:\-]{1,15}" />
          <datalist id="tunnel-names">
            {interfaces.map((i) => (
              <option key={i.name} value={i.name}>
                {i.isTunnel ? 'tunnel' : i.operState}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          Carrier interface
          {choose(carrier, setCarrier, 'Carrier interface')}
        </label>
        <label>
          Remote tunnel address
          <input value={remote} onChange={(e) => setRemote(e.target.value)} required placeholder="192.168.77.2" />
        </label>
        <label>
          Link capacity (Mbit/s, optional)
          <input type="number" min={0} step="any" value={linkSpeed} onChange={(e) => setLinkSpeed(e.target.value)} />
        </label>
      </div>
      <button type="submit" className="primary">
        Start audit
      </button>
    </form>
  );
}
