import { useState } from 'react';
import { effectiveVerdict } from '../../../../shared/checklist/machine';
import type { StepId } from '../../../../shared/checklist/steps';
import { planStep, stepSpec } from '../../../../shared/steps/index';
import { useAppStore } from '../../store/store';
import { StepResult } from './StepResult';
import { TerminalPane } from '../../components/TerminalPane';
import { EvidenceLink } from '../evidence/EvidenceLink';
import { LiveWirePanel } from './LiveWirePanel';
import { StepProgressPanel } from './StepProgressPanel';

/** Stable empty list: a fresh [] from a selector would make zustand re-render forever. */
const NO_OUTPUT: string[] = [];

function copy(text: string) {
  void navigator.clipboard?.writeText(text).catch(() => undefined);
}

/** One step of the checklist: commands, run, live output, parsed result, verdict, notes, skip. */
export function StepDetail({ step }: { step: StepId }) {
  const audit = useAppStore((s) => s.audit)!;
  const running = useAppStore((s) => s.runningStep);
  const output = useAppStore((s) => s.output[step] ?? NO_OUTPUT);
  const progress = useAppStore((s) => (s.progress?.step === step ? s.progress : null));
  const stepError = useAppStore((s) => s.stepErrors[step]);
  const busy = useAppStore((s) => s.busy);
  const { runStep, skipStep, addNote } = useAppStore();
  const [durationS, setDurationS] = useState(audit.options[step].windowS);
  const [pingCount, setPingCount] = useState(audit.options[step].pingCount);
  const [note, setNote] = useState('');
  const [skipReason, setSkipReason] = useState('');
  const def = stepSpec(step);
  // The plan for the values in the fields: what is shown here is what Run will execute and record.
  const plan = planStep(step, {
    target: audit.target,
    options: { ...audit.options[step], windowS: durationS, pingCount },
    captureDir: audit.plan.captureDir,
    ...(audit.plan.kernelRelease !== null ? { kernelRelease: audit.plan.kernelRelease } : {}),
  });
  const state = audit.checklist.steps[step];
  const verdict = effectiveVerdict(state);
  const lastRun = state.runs.at(-1);
  const blockers = audit.missingPrerequisites.filter((m) => m.blocks.includes(step));
  const isRunning = running === step || state.status === 'running';
  const badge = isRunning ? 'running' : (verdict?.level ?? state.status);
  const fieldError = (field: string) => stepError?.fields[field];
  const shownFields = step === 'throughput' || step === 'capture' ? ['durationS'] : step === 'latency' ? ['pingCount'] : [];
  const saidAtAField = stepError !== undefined && shownFields.some((f) => stepError.fields[f] !== undefined);

  return (
    <section className="panel step-detail" aria-label={`Step ${def.number}`} data-step={step} data-status={isRunning ? 'running' : state.status}>
      <header className="panel-head">
        <h2>
          Step {def.number} · {def.title}
        </h2>
        <span className={`verdict verdict-${badge}`} data-testid="step-verdict">
          {badge}
        </span>
      </header>
      <p className="muted">{def.purpose}</p>
      <p className="muted small">
        Field guide: <code>{def.guideCommand}</code>
      </p>
      <div className="commands-box">
        {plan.map((c, i) => (
          <div key={`${i}-${c.display}`} className="command-line">
            <code title={c.purpose}>
              {c.privileged ? '# ' : '$ '}
              {c.display}
            </code>
            <button type="button" className="small" onClick={() => copy(c.display)} aria-label={`Copy ${c.display}`}>
              copy
            </button>
          </div>
        ))}
      </div>
      {blockers.length > 0 && (
        <div className="error" role="alert">
          Blocked: {blockers.map((b) => `${b.title} — ${b.installHint}`).join('; ')}
        </div>
      )}
      <div className="controls">
        {(step === 'throughput' || step === 'capture') && (
          <label className={fieldError('durationS') ? 'invalid' : ''}>
            Window (s)
            <input
              type="number"
              min={5}
              max={3600}
              value={durationS}
              onChange={(e) => setDurationS(Number(e.target.value))}
              aria-invalid={fieldError('durationS') ? true : undefined}
            />
            {fieldError('durationS') && <span className="field-error">{fieldError('durationS')}</span>}
          </label>
        )}
        {step === 'latency' && (
          <label className={fieldError('pingCount') ? 'invalid' : ''}>
            Echo requests
            <input
              type="number"
              min={5}
              max={1000}
              value={pingCount}
              onChange={(e) => setPingCount(Number(e.target.value))}
              aria-invalid={fieldError('pingCount') ? true : undefined}
            />
            {fieldError('pingCount') && <span className="field-error">{fieldError('pingCount')}</span>}
          </label>
        )}
        <button
          type="button"
          className="primary"
          disabled={running !== null || audit.closed || busy !== null}
          onClick={() => void runStep(step, durationS, pingCount)}
        >
          {isRunning ? 'Running…' : state.runs.length > 0 ? 'Re-run' : 'Run'}
        </button>
        <input
          aria-label="Reason to skip"
          placeholder="reason to skip"
          value={skipReason}
          onChange={(e) => setSkipReason(e.target.value)}
          disabled={audit.closed}
        />
        <button
          type="button"
          disabled={skipReason.trim() === '' || running !== null || audit.closed}
          onClick={() => void skipStep(step, skipReason).then(() => setSkipReason(''))}
        >
          Skip
        </button>
      </div>
      {progress && <StepProgressPanel progress={progress} />}
      {stepError && !saidAtAField && (
        <p className="error" role="alert" data-testid="step-error">
          {stepError.message}
        </p>
      )}
      {lastRun?.cancelled && !isRunning && (
        <p className="muted" data-testid="step-cancelled">
          The last run was cancelled by the auditor: what it gathered is kept and judged as partial.
        </p>
      )}
      {(output.length > 0 || isRunning) && (
        <pre className="output" data-testid="step-output" aria-live="polite">
          {output.join('\n')}
        </pre>
      )}
      <TerminalPane auditId={audit.auditId} commands={plan} closed={audit.closed} auditGateway={audit.gateway} />
      {verdict && (
        <p className={`verdict-reason verdict-${verdict.level}`} data-testid="verdict-reason">
          {verdict.reason}
        </p>
      )}
      {state.status === 'failed-to-run' && lastRun?.error && <p className="error">Could not run: {lastRun.error}</p>}
      {state.skip && <p className="muted">Skipped: {state.skip.reason}</p>}
      {step === 'capture' && (
        // While the capture runs, its run is the next one; afterwards the last one.
        <LiveWirePanel auditId={audit.auditId} runId={state.runs.length + (running === 'capture' && state.status !== 'running' ? 1 : 0)} />
      )}
      <StepResult step={step} facts={audit.facts} />
      {lastRun && lastRun.evidence.length > 0 && (
        <details>
          <summary>Evidence files ({lastRun.evidence.length})</summary>
          <ul className="mono small">
            {lastRun.evidence.map((f) => (
              <li key={f}>
                <EvidenceLink auditId={audit.auditId} file={f} />
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="notes">
        <h3>Auditor notes</h3>
        {state.notes.map((n) => (
          <p key={n.id} className="note">
            <span className="muted small">{n.at.slice(11, 19)} UTC</span> {n.text}
          </p>
        ))}
        <textarea aria-label="Note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} disabled={audit.closed} />
        <button type="button" disabled={note.trim() === '' || audit.closed} onClick={() => void addNote(step, note).then(() => setNote(''))}>
          Add note
        </button>
      </div>
    </section>
  );
}
