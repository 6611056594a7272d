import type { SavedAudit } from '../../../shared/ipc/channels/audits';
import { STEP_IDS } from '../../../shared/checklist/steps';
import { STEP_SPECS } from '../../../shared/steps/index';
import { effectiveVerdict } from '../../../shared/checklist/machine';
import { SAMPLE_AUDIT_LABEL } from '../../../shared/model/sampleAudit';
import { LiveChart } from '../components/LiveChart';
import { SeverityBadge } from '../components/SeverityBadge';

/** The label the sample carries wherever it appears: it is never an audit of a site. */
export function SampleLabel() {
  return (
    <p className="sample-label" role="note">
      {SAMPLE_AUDIT_LABEL}
    </p>
  );
}

/**
 * The sample audit, replayed read-only: the six steps with their verdicts, commands and evidence
 * files, the throughput it sampled, and each finding with the evidence it rests on. No control
 * here can change it: there is nothing to run, finish or export.
 */
export function SampleAuditView({ saved, onClose }: { saved: SavedAudit; onClose: () => void }) {
  const points = saved.throughput;
  const report = saved.findings;
  return (
    <section className="panel sample-audit" aria-label="Sample audit" data-testid="sample-audit">
      <header className="panel-head">
        <h2>
          Sample audit · {saved.summary.createdAt.slice(0, 16).replace('T', ' ')} UTC {report && <SeverityBadge level={report.risk.rating} />}
        </h2>
        <button type="button" className="small" onClick={onClose}>
          Close the sample
        </button>
      </header>
      <SampleLabel />
      <p className="muted">
        A real audit of a PPTP tunnel negotiated without MPPE, recorded by the headless audit inside the User-Mode Linux lab that ships with
        PPTP Auditor. Read-only: it is not in your audits folder and never counts as an audit of a site.
      </p>
      {saved.problems.map((p) => (
        <p key={p} className="error">{p}</p>
      ))}
      <h3>Steps</h3>
      <ol className="sample-steps">
        {STEP_IDS.map((id) => {
          const spec = STEP_SPECS[id];
          const step = saved.checklist?.steps[id];
          const verdict = step ? effectiveVerdict(step) : null;
          const run = step?.runs.at(-1);
          return (
            <li key={id} data-step={id}>
              <strong>
                {spec.number}. {spec.title}
              </strong>{' '}
              <span className={`verdict verdict-${verdict?.level ?? step?.status ?? 'pending'}`}>{verdict?.level ?? step?.status ?? '—'}</span>
              {verdict && <p className="small">{verdict.reason}</p>}
              {run && run.commands.length > 0 && <p className="small mono">{run.commands.join(' · ')}</p>}
              {run && run.evidence.length > 0 && <p className="small muted">evidence: {run.evidence.join(', ')}</p>}
            </li>
          );
        })}
      </ol>
      {points.length > 1 && (
        <>
          <h3>Throughput sampled in step 3</h3>
          <LiveChart points={points} from={points[0]!.t} to={points.at(-1)!.t} unit="bits" gaps={[]} />
          <p className="small muted">In and out coincide: the lab tunnel carried only the audit's own echo requests and their replies.</p>
        </>
      )}
      <h3>Findings ({report?.findings.length ?? 0})</h3>
      {report && <p className="muted">{report.risk.rationale}</p>}
      {report?.findings.map((f) => (
        <article key={f.id} className={`finding finding-${f.severity}`} data-finding={f.ruleId}>
          <h4>
            <SeverityBadge level={f.severity} /> {f.title}
          </h4>
          <p>{f.summary}</p>
          <ul className="evidence small" aria-label={`Evidence for ${f.title}`}>
            {f.evidence.map((e, i) => (
              <li key={i}>
                <span className="mono">
                  {e.file}
                  {e.line ? `:${e.line}` : ''}
                  {e.packet ? ` #${e.packet}` : ''}
                </span>{' '}
                <code>{e.excerpt}</code>
              </li>
            ))}
          </ul>
          <p className="small">
            <strong>Remediation.</strong> {f.remediation}
          </p>
        </article>
      ))}
    </section>
  );
}
