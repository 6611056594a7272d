import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useAppStore } from '../../store/store';
import { TargetChooser } from '../target/TargetChooser';

const OTHER = '__other__';

/** A labelled field with its plain-words message beside it; required ones carry a mark. */
export function Field({ label, error, required, children }: { label: string; error?: string | undefined; required?: boolean; children: ReactNode }) {
  return (
    <label className={error ? 'invalid' : ''}>
      <span>
        {label}
        {required && (
          <span className="required" aria-hidden="true" title="required">
            {' '}*
          </span>
        )}
      </span>
      {children}
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

/**
 * Site, asset, auditor and the tunnel to audit. Checked with the backend's own schema before it
 * is sent; each field's problem is said beside it in plain words. The values stay after
 * "New audit": the next audit is usually the same site and tunnel.
 */
export function StartAuditForm() {
  const interfaces = useAppStore((s) => s.interfaces);
  const startAudit = useAppStore((s) => s.startAudit);
  const values = useAppStore((s) => s.startForm);
  const setValues = useAppStore((s) => s.setStartForm);
  const errors = useAppStore((s) => s.startErrors);
  const mode = useAppStore((s) => s.targetMode);
  const gateway = useAppStore((s) => s.gatewayForAudit());
  const localUnsupported = useAppStore((s) => s.target !== null && !s.target.local.supported);
  const [whereError, setWhereError] = useState<string | null>(null);
  // Tunnels first: they are what an audit is about; the rest can still be picked.
  const choices = [...interfaces.filter((i) => i.isTunnel), ...interfaces.filter((i) => !i.isTunnel && i.name !== 'lo')];
  const known = choices.some((i) => i.name === values.iface);
  const [typing, setTyping] = useState(false);
  const typed = typing || (values.iface !== '' && !known && interfaces.length > 0);

  // The interface list arrives after the first render: propose the first tunnel, its peer
  // and a physical carrier once it is there, without overwriting what the auditor typed.
  useEffect(() => {
    if (interfaces.length === 0) return;
    const current = useAppStore.getState().startForm;
    const tunnel = interfaces.find((i) => i.isTunnel);
    const picked = interfaces.find((i) => i.name === current.iface) ?? tunnel;
    setValues({
      iface: current.iface || tunnel?.name || '',
      carrier: current.carrier || interfaces.find((i) => !i.isTunnel && i.name !== 'lo')?.name || '',
      remoteIp: current.remoteIp || picked?.addresses.find((a) => a.peer)?.peer || '',
    });
  }, [interfaces, setValues]);

  // Where it runs is said in the request (audit.start.gateway): the backend refuses a mismatch.
  const whereProblem =
    mode === 'ssh' && gateway === null
      ? 'Connect to the gateway first (above), or choose "This machine".'
      : mode === 'local' && localUnsupported
        ? 'This machine cannot run the collectors: choose a gateway over SSH above.'
        : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setWhereError(whereProblem);
    if (whereProblem) return;
    void startAudit({
      identity: { site: values.site.trim(), asset: values.asset.trim(), auditor: values.auditor.trim() },
      target: { iface: values.iface.trim(), carrier: values.carrier, remoteIp: values.remoteIp.trim() },
      linkSpeedMbps: values.linkSpeed.trim() === '' ? null : Number(values.linkSpeed),
      gateway: mode === 'ssh' ? gateway : null,
    });
  };
  const invalid = (field: string) => (errors[field] ? { 'aria-invalid': true as const } : {});

  return (
    <>
      <TargetChooser />
      <form className="panel start-form" onSubmit={submit} aria-label="Start an audit" noValidate>
        <h2>Start an audit</h2>
        <p className="muted">
          Read-only and passive: the audit reads counters, logs and rules, captures on the carrier, and sends only the bounded
          pings of step 6 to the address you enter. Fields marked <span className="required">*</span> are required.
        </p>
        <div className="form-grid">
          <Field label="Site" error={errors['identity.site']} required>
            <input value={values.site} onChange={(e) => setValues({ site: e.target.value })} aria-required="true" {...invalid('identity.site')} maxLength={200} placeholder="Lakeside water treatment" />
          </Field>
          <Field label="Asset" error={errors['identity.asset']}>
            <input value={values.asset} onChange={(e) => setValues({ asset: e.target.value })} maxLength={200} placeholder="RTU gateway GW-3" />
          </Field>
          <Field label="Auditor" error={errors['identity.auditor']}>
            <input value={values.auditor} onChange={(e) => setValues({ auditor: e.target.value })} maxLength={200} />
          </Field>
          <Field label={mode === 'ssh' && gateway ? "Tunnel interface (the gateway's)" : 'Tunnel interface'} error={errors['target.iface']} required>
            <select
              aria-label="Tunnel interface"
              aria-required="true"
              {...invalid('target.iface')}
              value={typed ? OTHER : values.iface}
              onChange={(e) => {
                const name = e.target.value;
                setTyping(name === OTHER);
                if (name === OTHER) return;
                const peer = interfaces.find((i) => i.name === name)?.addresses.find((a) => a.peer)?.peer;
                setValues({ iface: name, ...(peer ? { remoteIp: peer } : {}) });
              }}
            >
              <option value="" disabled>
                {interfaces.length === 0 ? 'no interface found' : 'choose…'}
              </option>
              {choices.map((i) => (
                <option key={i.name} value={i.name}>
                  {i.name}
                  {i.isTunnel ? ' (tunnel)' : ''} — {i.operState}
                </option>
              ))}
              <option value={OTHER}>another name (a tunnel that is down)…</option>
            </select>
            {/* Free text: a tunnel that is down (LCP timing out, reconnecting) has no ppp0 to pick. */}
            {typed && (
              <input aria-label="Other tunnel name" value={values.iface} onChange={(e) => setValues({ iface: e.target.value.trim() })} maxLength={15} placeholder="ppp0" />
            )}
          </Field>
          <Field label="Carrier interface" error={errors['target.carrier']} required>
            <select aria-label="Carrier interface" aria-required="true" {...invalid('target.carrier')} value={values.carrier} onChange={(e) => setValues({ carrier: e.target.value })}>
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
          </Field>
          <Field label="Remote tunnel address" error={errors['target.remoteIp']} required>
            <input value={values.remoteIp} onChange={(e) => setValues({ remoteIp: e.target.value })} aria-required="true" {...invalid('target.remoteIp')} placeholder="192.168.77.2" />
          </Field>
          <Field label="Link capacity (Mbit/s, optional)" error={errors.linkSpeedMbps}>
            <input inputMode="decimal" value={values.linkSpeed} onChange={(e) => setValues({ linkSpeed: e.target.value })} {...invalid('linkSpeedMbps')} />
          </Field>
        </div>
        {Object.keys(errors).length > 0 && (
          <p className="error" role="alert" data-testid="form-errors">
            {Object.keys(errors).length === 1 ? 'One field needs attention.' : `${Object.keys(errors).length} fields need attention.`}
          </p>
        )}
        {whereError && whereProblem && (
          <p className="error" role="alert" data-testid="where-error">
            {whereProblem}
          </p>
        )}
        <button type="submit" className="primary">
          Start audit
        </button>
        {mode === 'ssh' && gateway && <span className="muted small start-where"> on {gateway}</span>}
      </form>
    </>
  );
}
