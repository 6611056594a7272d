import type { ReportModel } from '../../../shared/report/model';

function time(iso: string): string {
  return iso.slice(11, 19);
}

export function ReportAppendix({ model }: { model: ReportModel }) {
  return (
    <section className="page-break appendix">
      <h2>Appendix A. Commands executed</h2>
      <table className="grid small">
        <thead>
          <tr>
            <th>#</th>
            <th>Started (UTC)</th>
            <th>Ended</th>
            <th>Exit</th>
            <th>Command</th>
            <th>Output SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {model.commands.map((c) => (
            <tr key={c.seq}>
              <td className="num">{c.seq}</td>
              <td>{c.startedAt.slice(0, 10)} {time(c.startedAt)}</td>
              <td>{time(c.endedAt)}</td>
              <td className="num">{c.exitCode ?? c.signal ?? 'n/a'}</td>
              <td className="mono wrap">{c.argv.join(' ')}{c.error ? ` — ${c.error}` : ''}</td>
              <td className="mono hash">{c.stdoutSha256 ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Appendix B. Evidence files and hashes</h2>
      <table className="grid small">
        <thead>
          <tr>
            <th>File</th>
            <th>Bytes</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {model.files.map((f) => (
            <tr key={f.path}>
              <td className="mono wrap">{f.path}</td>
              <td className="num">{f.size}</td>
              <td className="mono hash">{f.sha256}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Appendix C. Tools and host</h2>
      <table className="grid small">
        <tbody>
          {Object.entries(model.tools).map(([tool, version]) => (
            <tr key={tool}>
              <th>{tool}</th>
              <td className="mono">{version ?? 'not installed'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
