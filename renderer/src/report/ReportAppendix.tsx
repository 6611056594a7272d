import type { ReportModel } from '../../../shared/report/model';
import type { CommandRecord } from '../../../shared/model/evidence';

/** SHA-256 of zero bytes: an output that is empty says so in words, not with this hash. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What the output column says: the hash, or why there is none to speak of. */
function outputCell(c: CommandRecord) {
  if (c.stdoutSha256 === null) return <span className="empty-output">no output recorded</span>;
  if (c.stdoutSha256 === EMPTY_SHA256) return <span className="empty-output">empty (0 bytes){c.error ? '' : ', as the command printed nothing'}</span>;
  return c.stdoutSha256;
}

/**
 * A capture is one command recorded twice (started, then stopped with its totals): the stop
 * names the start instead of repeating the same tcpdump line.
 */
function commandText(c: CommandRecord, all: CommandRecord[]) {
  const line = c.argv.join(' ');
  if (c.op.endsWith('.stop')) {
    const start = all.find((s) => s.seq < c.seq && s.op === c.op.replace(/\.stop$/, '.start') && s.argv.join(' ') === line);
    if (start) return `end of #${start.seq} (the same command, stopped)`;
  }
  // Each argument is kept whole ("1723" never becomes "172/3", "-n" never "-/n"); a line breaks
  // between arguments, and only an argument too long for the column breaks inside.
  return c.argv.flatMap((arg, i) => [
    i > 0 ? ' ' : '',
    <span key={i} className={arg.length <= 24 ? 'arg' : undefined}>
      {arg}
    </span>,
  ]);
}

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
              <td className="mono wrap">{commandText(c, model.commands)}{c.error ? ` — ${c.error}` : ''}</td>
              <td className="mono hash">{outputCell(c)}</td>
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
              <td className="mono hash">{f.size === 0 ? <span className="empty-output">empty file</span> : f.sha256}</td>
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
