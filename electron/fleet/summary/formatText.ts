import { FLEET_COLUMNS, type FleetSummary } from '../../../shared/fleet';
import { terminalSafe } from '../../cli/terminalText';

/** A site name can be long: the table keeps each cell to this width and the full text is in the JSON. */
const MAX_CELL = 40;

function cellText(text: string): string {
  // Sanitised first, so the width is that of what the terminal will show.
  const safe = terminalSafe(text);
  return safe.length > MAX_CELL ? `${safe.slice(0, MAX_CELL - 1)}…` : safe;
}

/**
 * The fleet table for a terminal: one line per bundle, worst first, then each bundle's folder
 * and notes. Every string that comes from a bundle or a folder name goes through terminalSafe:
 * a site named with an escape sequence shows as `\x1b[…`, it never repaints the screen.
 */
export function formatFleetText(summary: FleetSummary): string {
  const header = ['#', ...FLEET_COLUMNS.map((c) => c.header)];
  const body = summary.rows.map((row, i) => [String(i + 1), ...FLEET_COLUMNS.map((c) => cellText(c.cell(row)))]);
  const table = [header, ...body];
  const widths = header.map((_, col) => Math.max(...table.map((r) => r[col]!.length)));
  const lines = table.map((r) => r.map((cell, col) => (col === 0 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd());
  lines.push('');
  summary.rows.forEach((row, i) => {
    lines.push(`${i + 1}. ${terminalSafe(row.dir)}${row.bundleId ? ` (bundle ${terminalSafe(row.bundleId)})` : ''}`);
    for (const note of row.notes) lines.push(`   ${terminalSafe(note)}`);
  });
  lines.push('', `${summary.rows.length} bundle${summary.rows.length === 1 ? '' : 's'}. ${summary.order}`);
  return `${lines.join('\n')}\n`;
}
