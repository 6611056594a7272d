import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/store';
import './workflow.css';

const BUSY_WORDS = {
  draft: 'Printing the draft report…',
  report: 'Printing the report…',
  finish: 'Sealing the audit and printing the signed report into the bundle…',
  abandon: 'Abandoning the audit…',
} as const;

/** Seconds since `since`, ticking: a long print or seal shows that it is still going. */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

/**
 * The end of an audit, on purpose: export a DRAFT at any time (watermarked, the audit stays
 * open), "Finish and sign" only after a confirmation that says what it does, or abandon it.
 */
export function FinishControls() {
  const audit = useAppStore((s) => s.audit);
  const running = useAppStore((s) => s.runningStep);
  const busy = useAppStore((s) => s.busy);
  const pdf = useAppStore((s) => s.pdf);
  const error = useAppStore((s) => s.auditError);
  const { exportPdf, finishAudit, abandonAudit } = useAppStore();
  const [confirm, setConfirm] = useState<'finish' | 'abandon' | null>(null);
  const [signedBy, setSignedBy] = useState(audit?.identity.auditor ?? '');
  const [paper, setPaper] = useState<'A4' | 'Letter'>('A4');
  const [reason, setReason] = useState('');
  const elapsed = useElapsed(busy?.since ?? null);
  if (!audit) return null;
  const open = !audit.closed;
  const disabled = busy !== null || running !== null;
  return (
    <div className="finish-controls" data-testid="finish-controls">
      <div className="controls">
        <button type="button" className={open ? '' : 'primary'} disabled={disabled || audit.status === 'abandoned'} onClick={() => void exportPdf('A4')}>
          {open ? 'Export draft PDF (A4)' : 'Export PDF (A4)'}
        </button>
        <button type="button" disabled={disabled || audit.status === 'abandoned'} onClick={() => void exportPdf('Letter')}>
          {open ? 'Draft (Letter)' : 'Letter'}
        </button>
        {open && (
          <>
            <button type="button" className="primary" disabled={disabled} onClick={() => setConfirm('finish')}>
              Finish and sign…
            </button>
            <button type="button" className="danger" disabled={disabled} onClick={() => setConfirm('abandon')}>
              Abandon audit…
            </button>
          </>
        )}
      </div>
      {open && running !== null && <p className="muted small">A step is running: wait for it or cancel it before exporting or finishing.</p>}
      {busy && (
        <p className="busy" role="status" data-testid="audit-busy">
          <span className="spinner" aria-hidden="true" /> {BUSY_WORDS[busy.what]} {elapsed} s
        </p>
      )}
      {open && confirm === 'finish' && (
        <div className="confirm panel" role="dialog" aria-label="Finish and sign">
          <h3>Finish and sign this audit?</h3>
          <p>
            The evidence bundle is sealed for good: no step can be run again, no note added. The final report (without the DRAFT
            mark) is printed into the bundle and its hash written to the manifest, so <code>pptp-auditor verify</code> covers it.
          </p>
          <div className="form-grid">
            <label>
              Signed by
              <input value={signedBy} onChange={(e) => setSignedBy(e.target.value)} maxLength={200} />
            </label>
            <label>
              Paper
              <select value={paper} onChange={(e) => setPaper(e.target.value as 'A4' | 'Letter')}>
                <option value="A4">A4</option>
                <option value="Letter">Letter</option>
              </select>
            </label>
          </div>
          <div className="controls">
            <button type="button" className="primary" disabled={disabled} onClick={() => void finishAudit(paper, signedBy).then((ok) => ok && setConfirm(null))}>
              Sign and seal
            </button>
            <button type="button" disabled={busy !== null} onClick={() => setConfirm(null)}>
              Go back
            </button>
          </div>
        </div>
      )}
      {open && confirm === 'abandon' && (
        <div className="confirm panel" role="dialog" aria-label="Abandon the audit">
          <h3>Abandon this audit?</h3>
          <p>
            It is kept on disk and sealed, marked abandoned in its custody log and in the history, and never counted as an audit
            of {audit.identity.site}. Say why, for the record.
          </p>
          <label>
            Why it is abandoned <span className="required" aria-hidden="true">*</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} aria-required="true" placeholder="wrong tunnel selected" />
          </label>
          <div className="controls">
            <button
              type="button"
              className="danger"
              disabled={disabled || reason.trim() === ''}
              onClick={() => void abandonAudit(audit.auditId, reason).then((ok) => ok && setConfirm(null))}
            >
              Abandon
            </button>
            <button type="button" disabled={busy !== null} onClick={() => setConfirm(null)}>
              Go back
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {pdf && (
        <p className="ok" data-testid="pdf-path" data-draft={pdf.draft}>
          {pdf.draft ? 'Draft report (marked DRAFT on every page) written to ' : 'Signed report written to '}
          <code>{pdf.path}</code>
        </p>
      )}
      {audit.status === 'closed' && <p className="small" data-testid="audit-signed">Finished and signed: the evidence bundle is sealed.</p>}
      {audit.status === 'abandoned' && <p className="small" data-testid="audit-abandoned">Abandoned: kept on disk, never counted as an audit of the site.</p>}
    </div>
  );
}
