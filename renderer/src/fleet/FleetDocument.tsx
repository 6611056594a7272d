import { FLEET_COLUMNS, type FleetRow, type FleetSummary } from '../../../shared/fleet';
import type { PaperSize } from '../../../shared/report/model';

/** Landscape: the table has eight columns. */
const PAGE_SIZE: Record<PaperSize, string> = { A4: '297mm 210mm', Letter: '11in 8.5in' };

function rowClass(row: FleetRow): string {
  if (row.risk === 'untrusted') return 'fleet-row fleet-untrusted';
  return `fleet-row fleet-${row.risk}`;
}

/**
 * The fleet table for print: the same columns and cell texts as the terminal table
 * (shared/fleet/cells.ts); bundle text is rendered by React, so it is escaped, never markup.
 */
export function FleetDocument({ summary, paper }: { summary: FleetSummary; paper: PaperSize }) {
  const withNotes = summary.rows.map((row, i) => ({ row, n: i + 1 })).filter(({ row }) => row.notes.length > 0);
  return (
    <article className="report fleet">
      <style>{`@page { size: ${PAGE_SIZE[paper]}; margin: 14mm 12mm 16mm 12mm; }`}</style>
      <header className="fleet-head">
        <h1>PPTP fleet summary</h1>
        <p className="muted">
          {summary.rows.length} evidence bundle{summary.rows.length === 1 ? '' : 's'} · generated {summary.generatedAt.slice(0, 16).replace('T', ' ')} UTC
        </p>
      </header>
      <table className="grid fleet-table">
        <thead>
          <tr>
            <th>#</th>
            {FLEET_COLUMNS.map((c) => (
              <th key={c.header}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((row, i) => (
            <tr key={`${i}-${row.dir}`} className={rowClass(row)} data-integrity={row.integrity}>
              <td className="num">{i + 1}</td>
              {FLEET_COLUMNS.map((c) => (
                <td key={c.header} className="wrap-words">
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="fineprint">{summary.order}</p>
      {withNotes.length > 0 && (
        <section className="fleet-notes">
          <h2>Bundles and notes</h2>
          <ol>
            {summary.rows.map((row, i) => (
              <li key={`${i}-${row.dir}`} value={i + 1}>
                <span className="mono wrap">{row.dir}</span>
                {row.notes.length > 0 && (
                  <ul>
                    {row.notes.map((note, k) => (
                      <li key={k}>{note}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}
