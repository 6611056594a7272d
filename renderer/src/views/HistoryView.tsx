import { useEffect, useState } from 'react';
import type { AuditSummary, SavedAudit } from '../../../shared/ipc/channels/audits';
import type { BaselineComparison } from '../../../shared/model/evidence';
import { STEP_IDS } from '../../../shared/checklist/steps';
import { STEP_SPECS } from '../../../shared/steps/index';
import { effectiveVerdict } from '../../../shared/checklist/machine';
import { auditor } from '../api/auditor';
import { LiveChart } from '../components/LiveChart';
import { SeverityBadge } from '../components/SeverityBadge';
import { useAppStore } from '../store/store';
import { SampleAuditOffer } from './SampleAuditOffer';

const round = (v: number | null) => (v === null ? '—' : String(Number(v.toFixed(2))));

function Comparison({ c }: { c: BaselineComparison }) {
  return (
    <section className="panel" aria-label="Comparison" data-testid="comparison">
      <h2>
        {c.old.site}: {c.old.createdAt.slice(0, 16)} → {c.new.createdAt.slice(0, 16)}
      </h2>
      {c.warnings.map((w) => (
        <p key={w} className="error">{w}</p>
      ))}
      <table className="data-table">
        <thead>
          <tr>
            <th>metric</th>
            <th className="num">earlier</th>
            <th className="num">now</th>
            <th className="num">change</th>
          </tr>
        </thead>
        <tbody>
          {c.metrics.map((m) => (
            <tr key={m.metric}>
              <td>
                {m.metric} ({m.unit})
              </td>
              <td className="num">{round(m.old)}</td>
              <td className="num">{round(m.new)}</td>
              <td className="num">{m.delta === null ? '—' : `${m.delta > 0 ? '+' : ''}${round(m.delta)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="wire-grid">
        <div>
          <h3>Findings opened ({c.findingsOpened.length})</h3>
          <ul>{c.findingsOpened.map((f) => <li key={f.id}>{f.severity}: {f.title}</li>)}</ul>
        </div>
        <div>
          <h3>Findings closed ({c.findingsClosed.length})</h3>
          <ul>{c.findingsClosed.map((f) => <li key={f.id}>{f.severity}: {f.title}</li>)}</ul>
          {c.findingsNotReevaluated.length > 0 && (
            <>
              <h3>Not re-evaluated ({c.findingsNotReevaluated.length})</h3>
              <ul>{c.findingsNotReevaluated.map((f) => <li key={f.id}>{f.severity}: {f.title} — the newer audit did not collect its evidence</li>)}</ul>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function Saved({ saved }: { saved: SavedAudit }) {
  const points = saved.throughput;
  return (
    <section className="panel" aria-label="Saved audit" data-testid="saved-audit">
      <h2>
        {saved.summary.site} · {saved.summary.createdAt.slice(0, 16).replace('T', ' ')} UTC {saved.summary.risk && <SeverityBadge level={saved.summary.risk as 'critical'} />}
      </h2>
      {saved.problems.map((p) => (
        <p key={p} className="error">{p}</p>
      ))}
      <div className="wire-verdicts">
        {STEP_IDS.map((id) => STEP_SPECS[id]).map((def) => {
          const step = saved.checklist?.steps[def.id];
          const v = step ? effectiveVerdict(step) : null;
          return (
            <span key={def.id} className={`verdict verdict-${v?.level ?? step?.status ?? 'pending'}`}>
              {def.number}. {def.title}: {v?.level ?? step?.status ?? '—'}
            </span>
          );
        })}
      </div>
      {points.length > 1 && <LiveChart points={points} from={points[0]!.t} to={points.at(-1)!.t} unit="bits" gaps={[]} />}
      <ul>
        {saved.findings?.findings.map((f) => (
          <li key={f.id}>
            <SeverityBadge level={f.severity} /> {f.title}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Earlier audits of this machine: reopen one (its charts replayed) or compare it with the current audit. */
export function HistoryView() {
  const current = useAppStore((s) => s.audit);
  const { resumeAudit, abandonAudit } = useAppStore();
  const [abandoning, setAbandoning] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [list, setList] = useState<AuditSummary[]>([]);
  const [saved, setSaved] = useState<SavedAudit | null>(null);
  const [comparison, setComparison] = useState<BaselineComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const guard = (p: Promise<void>) => p.catch((e: Error) => setError(e.message));

  const refresh = () => guard(auditor().audits.list({}).then(setList));
  useEffect(() => {
    void guard(auditor().audits.list({}).then(setList));
  }, [current?.closed, current?.auditId]);

  return (
    <div className="history">
      <section className="panel" aria-label="Earlier audits">
        <h2>Earlier audits</h2>
        {error && <p className="error">{error}</p>}
        <table className="data-table">
          <thead>
            <tr>
              <th>site</th>
              <th>started (UTC)</th>
              <th>state</th>
              <th>risk</th>
              <th className="num">findings</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.auditId} data-audit={a.auditId} data-state={a.state}>
                <td>{a.site}</td>
                <td>{a.createdAt.slice(0, 19).replace('T', ' ')}</td>
                <td>
                  <span className={`state state-${a.state}`}>{a.state === 'closed' ? 'closed (signed)' : a.state}</span>
                  {a.state === 'abandoned' && <span className="muted small"> — not counted as an audit of the site</span>}
                  {a.state === 'open' && a.active && <span className="muted small"> — in progress</span>}
                </td>
                <td>{a.risk ?? '—'}</td>
                <td className="num">{a.findings}</td>
                <td>
                  <button type="button" className="small" onClick={() => void guard(auditor().audits.open({ auditId: a.auditId }).then(setSaved))}>
                    Open
                  </button>{' '}
                  {a.state === 'open' && !a.active && (
                    <>
                      <button type="button" className="small primary" onClick={() => void resumeAudit(a.auditId)}>
                        Resume
                      </button>{' '}
                      <button type="button" className="small danger" onClick={() => setAbandoning(a.auditId)}>
                        Abandon…
                      </button>{' '}
                    </>
                  )}
                  {/* An abandoned audit is no baseline: it is never offered for comparison. */}
                  {current && current.auditId !== a.auditId && a.state !== 'abandoned' && current.status !== 'abandoned' && (
                    <button
                      type="button"
                      className="small"
                      onClick={() => void guard(auditor().audits.compare({ baseId: a.auditId, auditId: current.auditId }).then(setComparison))}
                    >
                      Compare with current
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {list.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">No audit in the audits folder yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <SampleAuditOffer where="history" />
      {abandoning && (
        <section className="panel confirm" role="dialog" aria-label="Abandon the audit">
          <h3>Abandon this audit?</h3>
          <p>It stays on disk and is sealed, marked abandoned in its custody log and here, and is never counted as an audit of its site.</p>
          <label>
            Why it is abandoned <span className="required" aria-hidden="true">*</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} aria-required="true" />
          </label>
          <div className="controls">
            <button
              type="button"
              className="danger"
              disabled={reason.trim() === ''}
              onClick={() =>
                void abandonAudit(abandoning, reason).then(async (ok) => {
                  if (ok) {
                    setAbandoning(null);
                    setReason('');
                  } else setError(useAppStore.getState().auditError);
                  await refresh();
                })
              }
            >
              Abandon
            </button>
            <button type="button" onClick={() => setAbandoning(null)}>
              Go back
            </button>
          </div>
        </section>
      )}
      {comparison && <Comparison c={comparison} />}
      {saved && <Saved saved={saved} />}
    </div>
  );
}
