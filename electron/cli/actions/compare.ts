import type { BaselineComparison, MetricDelta } from '../../../shared/model/evidence';
import { compareBundles } from '../../evidence/compare';
import { EvidenceError } from '../../evidence/errors';
import { isDirectory } from '../../evidence/verify';
import { UsageError } from '../errors';
import { terminalSafe as t } from '../terminalText';

function num(v: number | null): string {
  return v === null ? '-' : String(v);
}

function delta(m: MetricDelta): string {
  if (m.delta === null) return '-';
  return `${m.delta > 0 ? '+' : ''}${m.delta}`;
}

export function formatComparison(c: BaselineComparison): string {
  const lines = [
    // Every string from a bundle goes through the terminal sanitiser (t): a site name can hold ESC.
    `old: ${t(c.old.dir)} (${t(c.old.site)}, ${t(c.old.createdAt)})`,
    `new: ${t(c.new.dir)} (${t(c.new.site)}, ${t(c.new.createdAt)})`,
    '',
  ];
  const rows = [['metric', 'unit', 'old', 'new', 'delta'], ...c.metrics.map((m) => [m.metric, m.unit, num(m.old), num(m.new), delta(m)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) lines.push(r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  lines.push('');
  const list = (title: string, items: BaselineComparison['findingsOpened']) => {
    lines.push(`${title}: ${items.length}`);
    for (const f of items) lines.push(`  [${t(f.severity)}] ${t(f.id)}: ${t(f.title)}`);
  };
  list('findings opened', c.findingsOpened);
  list('findings closed', c.findingsClosed);
  list('findings not re-evaluated (their evidence was not collected again)', c.findingsNotReevaluated);
  lines.push(`findings unchanged: ${c.findingsUnchanged.length}`);
  for (const w of c.warnings) lines.push(`warning: ${t(w)}`);
  return `${lines.join('\n')}\n`;
}

export function runCompare(oldDir: string, newDir: string, options: { json?: boolean }): void {
  for (const dir of [oldDir, newDir]) if (!isDirectory(dir)) throw new UsageError(`${JSON.stringify(dir)} is not a folder`);
  let comparison: BaselineComparison;
  try {
    comparison = compareBundles(oldDir, newDir);
  } catch (error) {
    // Not a bundle: usage (2). A bundle file the chokepoint refuses: exit 1, named, sanitised.
    if (error instanceof EvidenceError && /not an evidence bundle/.test(error.message)) throw new UsageError(t(error.message));
    if (error instanceof EvidenceError) throw new Error(t(error.message));
    throw error;
  }
  process.stdout.write(options.json ? `${JSON.stringify(comparison, null, 2)}\n` : formatComparison(comparison));
}
