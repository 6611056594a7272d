import type { ReportInterfaceRow, ReportModel } from '../../../shared/report/model';

/** Step 1's result as the GUI shows it: the interfaces found, parsed, with the audited ones marked. */
function InterfaceTable({ rows }: { rows: ReportInterfaceRow[] }) {
  return (
    <table className="grid interfaces" data-testid="report-interfaces">
      <thead>
        <tr>
          <th>Interface</th>
          <th>Kind</th>
          <th>State</th>
          <th>MTU</th>
          <th>Addresses</th>
          <th>Role in this audit</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <td className="mono">{r.name}</td>
            <td>{r.kind ?? (r.isTunnel ? 'ppp' : '—')}</td>
            <td>{r.state}</td>
            <td className="num">{r.mtu}</td>
            <td className="mono">{r.addresses.join(', ') || '—'}</td>
            <td>{r.role ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function verdictClass(level: string | undefined): string {
  return level ? `verdict verdict-${level}` : 'verdict';
}

export function ReportSteps({ model }: { model: ReportModel }) {
  return (
    <section className="page-break">
      <h2>3. The six audit steps</h2>
      {model.steps.map((step) => (
        <div key={step.number} className="step">
          <h3>
            Step {step.number}. {step.title}
            <span className={verdictClass(step.verdict?.level)}>
              {step.status === 'skipped' ? 'skipped' : (step.verdict?.level ?? step.status)}
            </span>
          </h3>
          <p className="muted">{step.purpose} Field guide: <code>{step.guideCommand}</code></p>
          {step.verdict && <p>{step.verdict.reason}{step.verdict.source === 'auditor' ? ' (auditor’s judgement)' : ''}</p>}
          {step.skipReason && <p>Skipped: {step.skipReason}</p>}
          {step.failure && <p className="failure">Could not run: {step.failure}</p>}
          {step.number === 1 && model.interfaces && <InterfaceTable rows={model.interfaces} />}
          {step.commands.length > 0 && (
            <pre className="commands">{step.commands.map((c) => `$ ${c}`).join('\n')}</pre>
          )}
          {step.excerpts.slice(0, 2).map((e) => (
            <div key={e.file} className="excerpt">
              <div className="excerpt-file">{e.file}</div>
              <pre>{e.text}</pre>
            </div>
          ))}
          {step.notes.length > 0 && (
            <div className="notes">
              <strong>Auditor notes:</strong>
              {step.notes.map((n, i) => (
                <p key={i}>{n}</p>
              ))}
            </div>
          )}
        </div>
      ))}
    </section>
  );
}
