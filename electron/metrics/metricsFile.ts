import { writeOutputFile } from '../evidence/safeWrite';
import type { AuditMetricsInput } from './auditMetricsInput';
import { renderAuditMetrics } from './openMetrics';

/** node_exporter's textfile collector reads only files named *.prom. */
export function metricsFileProblem(path: string): string | null {
  return path.endsWith('.prom') ? null : `--metrics-file must end in .prom (node_exporter's textfile collector reads only those), got ${JSON.stringify(path.slice(-60))}`;
}

/**
 * Writes the export for the textfile collector: atomically (a temp file renamed over the old
 * one, writeOutputFile), so a scrape never reads half a file.
 */
export async function writeAuditMetricsFile(path: string, audits: AuditMetricsInput[]): Promise<void> {
  const { body } = await renderAuditMetrics(audits);
  writeOutputFile(path, body, 0o644);
}
