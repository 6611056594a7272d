import { useAppStore } from '../store/store';
import { SeverityBadge } from '../components/SeverityBadge';
import { EvidenceLink } from './evidence/EvidenceLink';
import { Downloads } from './evidence/Downloads';
import { EvidenceFiles } from './evidence/EvidenceFiles';
import { FinishControls } from './audit/FinishControls';
import { LongTermBaselinePanel } from './baseline/LongTermBaselinePanel';

/** Findings with their evidence, remediation and troubleshooting row; finish and export. */
export function FindingsView() {
  const audit = useAppStore((s) => s.audit);
  const pdf = useAppStore((s) => s.pdf);
  if (!audit) return <p className="empty">Start an audit to see findings.</p>;
  const report = audit.findings;
  return (
    <section className="panel findings" aria-label="Findings">
      <header className="panel-head">
        <h2>
          Findings {report && <SeverityBadge level={report.risk.rating} />}
        </h2>
      </header>
      <FinishControls />
      <Downloads auditId={audit.auditId} pdfPath={pdf?.path ?? null} />
      <EvidenceFiles auditId={audit.auditId} />
      {audit.status !== 'abandoned' && <LongTermBaselinePanel key={audit.auditId} audit={audit} />}
      {report ? <p className="muted">{report.risk.rationale}</p> : <p className="muted">Run a step to evaluate the findings.</p>}
      {report?.findings.map((f) => (
        <article key={f.id} className={`finding finding-${f.severity}`} data-finding={f.ruleId}>
          <h3>
            <SeverityBadge level={f.severity} /> {f.title}
          </h3>
          <p>{f.summary}</p>
          <ul className="evidence small">
            {f.evidence.map((e, i) => (
              <li key={i}>
                <EvidenceLink auditId={audit.auditId} file={e.file} cites={f.evidence} title={f.title}>
                  {e.file}
                  {e.line ? `:${e.line}` : ''}
                  {e.packet ? ` #${e.packet}` : ''}
                </EvidenceLink>{' '}
                <code>{e.excerpt}</code>
              </li>
            ))}
          </ul>
          <p>
            <strong>Remediation.</strong> {f.remediation}
          </p>
          <p className="matrix small">
            <strong>Troubleshooting matrix:</strong> {f.troubleshooting.error} → {f.troubleshooting.check} → {f.troubleshooting.fix}
          </p>
        </article>
      ))}
      {report && report.notEvaluated.length > 0 && (
        <details>
          <summary>Not evaluated ({report.notEvaluated.length}): evidence missing, never counted as a pass</summary>
          <ul className="small">
            {report.notEvaluated.map((r) => (
              <li key={r.ruleId}>
                {r.title}: {r.detail}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
