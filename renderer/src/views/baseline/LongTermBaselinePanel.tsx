import { useEffect, useState, type FormEvent } from 'react';
import type { AuditView } from '../../../../shared/ipc/channels/audit';
import { DEFAULT_BASELINE_STEP, type BaselineProgress, type BaselineState } from '../../../../shared/ipc/channels/baseline';
import { AuditorIpcError } from '../../../../shared/ipc/api';
import { auditor } from '../../api/auditor';
import { Field } from '../audit/StartAuditForm';
import { BaselineSummary } from './BaselineSummary';
import './baseline.css';

interface ImportForm {
  prometheus: string;
  instance: string;
  device: string;
  range: string;
  step: string;
  bearerTokenFile: string;
}

/**
 * Weeks of the tunnel's traffic from the site's Prometheus, attached to the open audit as
 * supplied evidence (as `audit --baseline-file`) and printed in the report. The token stays on
 * the backend's machine: the auditor names its file, never types it here.
 */
export function LongTermBaselinePanel({ audit }: { audit: AuditView }) {
  const { auditId } = audit;
  const [state, setState] = useState<BaselineState | null>(null);
  const [form, setForm] = useState<ImportForm>({ prometheus: '', instance: '', device: audit.target.iface, range: '30d', step: DEFAULT_BASELINE_STEP, bearerTokenFile: '' });
  const [importing, setImporting] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  useEffect(() => {
    let live = true;
    setState(null);
    auditor()
      .baseline.get({ auditId })
      .then((s) => live && setState(s))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    const off = auditor().on('baseline.progress', (p: BaselineProgress) => {
      if (p.auditId === auditId) setImporting({ done: p.done, total: p.total });
    });
    return () => {
      live = false;
      off();
    };
  }, [auditId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFields({});
    setImporting({ done: 0, total: 0 });
    try {
      setState(await auditor().baseline.import({ auditId, ...form }));
    } catch (e) {
      if (e instanceof AuditorIpcError && Object.keys(e.fields).length > 0) setFields(e.fields);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setImporting(null);
    }
  };
  const set = (values: Partial<ImportForm>) => setForm((f) => ({ ...f, ...values }));
  const invalid = (field: string) => (fields[field] ? { 'aria-invalid': true as const } : {});

  return (
    <section className="long-term-baseline" aria-label="Long-term baseline" data-testid="baseline-panel">
      <h3>Long-term baseline (Prometheus)</h3>
      {state?.summary ? (
        <BaselineSummary summary={state.summary} />
      ) : state?.problem ? (
        <p className="error" role="alert">{state.problem}</p>
      ) : audit.closed ? (
        <p className="muted small">No long-term baseline was attached to this audit.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-label="Import a long-term baseline" noValidate>
          <p className="muted small">
            Optional: weeks of this tunnel's traffic from node_exporter's counters in the site's Prometheus, imported as{' '}
            <code>pptp-auditor baseline</code> does (re-creations of the interface split, never averaged over), kept in the bundle as
            supplied evidence and printed in the report.
          </p>
          <div className="form-grid">
            <Field label="Prometheus URL" error={fields.prometheus} required>
              <input value={form.prometheus} onChange={(e) => set({ prometheus: e.target.value })} aria-required="true" {...invalid('prometheus')} maxLength={2048} placeholder="https://prom.example:9090/" />
            </Field>
            <Field label="Instance" error={fields.instance} required>
              <input value={form.instance} onChange={(e) => set({ instance: e.target.value })} aria-required="true" {...invalid('instance')} maxLength={256} placeholder="gw1:9100" />
            </Field>
            <Field label="Device" error={fields.device} required>
              <input value={form.device} onChange={(e) => set({ device: e.target.value })} aria-required="true" {...invalid('device')} maxLength={15} />
            </Field>
            <Field label="Range" error={fields.range} required>
              <input value={form.range} onChange={(e) => set({ range: e.target.value })} aria-required="true" {...invalid('range')} maxLength={40} placeholder="30d" />
            </Field>
            <Field label="Step" error={fields.step} required>
              <input value={form.step} onChange={(e) => set({ step: e.target.value })} aria-required="true" {...invalid('step')} maxLength={40} placeholder="60s" />
            </Field>
            <Field label="Bearer token file (optional)" error={fields.bearerTokenFile}>
              <input
                value={form.bearerTokenFile}
                onChange={(e) => set({ bearerTokenFile: e.target.value })}
                {...invalid('bearerTokenFile')}
                maxLength={4096}
                placeholder="/etc/pptp-auditor/prometheus.token"
                title="A file on the machine running the auditor; the token is read there and never shown"
              />
            </Field>
          </div>
          <div className="controls">
            <button type="submit" disabled={importing !== null}>
              Import
            </button>
            {importing && (
              <span className="busy" role="status" data-testid="baseline-progress">
                <span className="spinner" aria-hidden="true" /> Importing from Prometheus…
                {importing.total > 1 ? ` chunk ${importing.done} of ${importing.total}` : ''}
              </span>
            )}
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert" data-testid="baseline-error">
          {error}
        </p>
      )}
    </section>
  );
}
