import { useEffect } from 'react';
import { checklistProgress } from '../../../../shared/checklist/progress';
import { effectiveVerdict } from '../../../../shared/checklist/machine';
import { STEP_IDS } from '../../../../shared/checklist/steps';
import { STEP_SPECS } from '../../../../shared/steps/index';
import { auditor } from '../../api/auditor';
import { useAppStore } from '../../store/store';
import { StartAuditForm } from './StartAuditForm';
import { StepDetail } from './StepDetail';
import { FinishControls } from './FinishControls';

/** The guided audit: the six steps of the field guide as a checklist. */
export function AuditView() {
  const audit = useAppStore((s) => s.audit);
  const selected = useAppStore((s) => s.selectedStep);
  const selectStep = useAppStore((s) => s.selectStep);
  const running = useAppStore((s) => s.runningStep);
  const error = useAppStore((s) => s.auditError);
  const appendOutput = useAppStore((s) => s.appendOutput);
  const newAudit = useAppStore((s) => s.newAudit);

  useEffect(
    () =>
      auditor().on('audit.output', (batch) => {
        if (batch.auditId === useAppStore.getState().audit?.auditId) appendOutput(batch.step, batch.lines);
      }),
    [appendOutput],
  );

  if (!audit) {
    return (
      <>
        {error && <p className="error" role="alert">{error}</p>}
        <StartAuditForm />
      </>
    );
  }
  const progress = checklistProgress(audit.checklist);
  return (
    <div className="audit-layout">
      <nav className="panel checklist" aria-label="Checklist">
        <h2>{audit.identity.site}</h2>
        <p className="muted small">
          {audit.target.iface} over {audit.target.carrier} → {audit.target.remoteIp}
          <br />
          {audit.dir}
        </p>
        <p className={`small audit-where ${audit.gateway ? 'on-gateway' : ''}`} data-testid="audit-where">
          runs on {audit.gateway ? <code>{audit.gateway}</code> : 'this machine'}
        </p>
        <div className="progress" aria-label="Progress" data-settled={progress.settled}>
          <div style={{ width: `${progress.fraction * 100}%` }} />
        </div>
        <p className="small">
          {progress.settled} of {progress.total} steps settled · {progress.verdicts.pass} pass · {progress.verdicts.warn} warn ·{' '}
          {progress.verdicts.fail} fail
        </p>
        <ol>
          {STEP_IDS.map((id) => STEP_SPECS[id]).map((def) => {
            const state = audit.checklist.steps[def.id];
            const verdict = effectiveVerdict(state);
            return (
              <li key={def.id}>
                <button
                  type="button"
                  className={`step-item ${selected === def.id ? 'selected' : ''}`}
                  aria-current={selected === def.id}
                  onClick={() => selectStep(def.id)}
                  data-step={def.id}
                >
                  <span>
                    {def.number}. {def.title}
                  </span>
                  <span className={`verdict verdict-${running === def.id || state.status === 'running' ? 'running' : (verdict?.level ?? state.status)}`}>
                    {running === def.id || state.status === 'running' ? 'running' : (verdict?.level ?? state.status)}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
        {audit.closed && (
          <p className="small" data-testid="audit-closed">
            {audit.status === 'abandoned' ? 'This audit was abandoned: kept on disk, never counted as an audit of the site.' : 'This audit is finished, signed and sealed.'}{' '}
            <button type="button" className="small" onClick={newAudit}>
              New audit
            </button>
          </p>
        )}
        <FinishControls />
        {audit.missingPrerequisites.length > 0 && (
          <div className="prereqs">
            <h3>{audit.gateway !== null ? `Missing on the gateway ${audit.gateway}` : 'Missing on this machine'}</h3>
            <ul className="small">
              {audit.missingPrerequisites.map((m) => (
                <li key={m.id}>
                  <strong>{m.title}</strong>: <code>{m.installHint}</code>
                  {m.blocks.length > 0 ? ` — blocks ${m.blocks.join(', ')}` : ''}
                </li>
              ))}
            </ul>
          </div>
        )}
      </nav>
      <div>
        {/* Keyed by step: a window typed for one step is never carried into another. */}
        <StepDetail key={selected} step={selected} />
      </div>
    </div>
  );
}
