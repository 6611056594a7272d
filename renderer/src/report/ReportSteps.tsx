import type { ReportModel } from '../../../shared/report/model';

function verdictClass(level: string | undefined): string {
  return level ? `verdict verdict-${level}` : 'verdict';
}

export function ReportSteps({ model }: { model: ReportModel }) {
  return (
    <section className="page-break">
      <h2>3. The six audit steps</h2>
      {model.steps.map((step) => (
        <div key={step.number} className="step avoid-break">
          <h3>
            Step {step.number}. {step.title}
            <span className={verdictClass(step.verdict?.level)}>
              {step.status === 'skipped' ? 'skipped' : (step.verdict?.level ?? step.status)}
            </span>
          </h3>
          <p className="muted">{step.purpose} Field guide: <code>{step.guideCommand}</code></p>
          {step.verdict && <p>{step.verdict.reason}{step.verdict.source === 'auditor' ? ' (auditor’s judgement)' : ''}</p>}
          {step.skipReason && <p>Skipped: {step.skipReason}</p>}
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
