import type { ReportModel } from '../../../shared/report/model';
import { SeverityBadge } from '../components/SeverityBadge';

function where(ref: { file: string; line?: number; packet?: number }): string {
  return `${ref.file}${ref.line ? `, line ${ref.line}` : ''}${ref.packet ? `, packet ${ref.packet}` : ''}`;
}

export function ReportFindings({ model }: { model: ReportModel }) {
  const notEvaluated = model.ruleStatus.filter((r) => r.status === 'not-evaluated');
  return (
    <section className="page-break">
      <h2>4. Findings and remediation</h2>
      {model.findings.map((f, i) => (
        <div key={f.id} className={`finding avoid-break finding-${f.severity}`} data-finding={f.ruleId}>
          <h3>
            4.{i + 1} <SeverityBadge level={f.severity} /> {f.title}
          </h3>
          <p>{f.summary}</p>
          <h4>Evidence</h4>
          <ul className="evidence">
            {f.evidence.map((e, k) => (
              <li key={k}>
                <span className="ref">{where(e)}</span>
                {e.excerpt && <code>{e.excerpt}</code>}
              </li>
            ))}
          </ul>
          <h4>Remediation</h4>
          <p>{f.remediation}</p>
          <p className="matrix">
            <span>Troubleshooting matrix:</span> {f.troubleshooting.error} → check: {f.troubleshooting.check} → fix: {f.troubleshooting.fix}
          </p>
        </div>
      ))}
      {model.findings.length === 0 && <p>No findings.</p>}
      {notEvaluated.length > 0 && (
        <div className="callout">
          <strong>Not evaluated</strong> (the evidence they need was not collected; absence is not a pass):
          <ul>
            {notEvaluated.map((r) => (
              <li key={r.ruleId}>
                {r.title}: {r.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
