import { LOG_FILES, type OpRequest } from '../../../shared/ops/catalogue';
import { logsReport } from '../../../shared/analysis/logsSessions';
import { mergeLogLines } from '../../../shared/analysis/logsMerge';
import { parseJournalJson, parseLogText } from '../../../shared/parsers/logLines';
import type { LogLine, LogsReport, ParsedLog } from '../../../shared/model/logs';
import { evidenceOf, type EvidenceRef, type RunOp } from '../modules/collectModules';
import { readInputFile } from './inputFile';

export interface LogsResult {
  report: LogsReport;
  sources: Array<{
    source: string;
    format: ParsedLog['format'];
    lines: number;
    unparsed: number;
    error: string | null;
  }>;
  evidence: EvidenceRef[];
}

export interface LogsOptions {
  /** Year for RFC 3164 lines (they carry none). */
  year: number;
  windowMinutes?: number;
  threshold?: number;
}

/** Step 5 live: the pptpd unit and the pppd/pptpd/pptp identifiers of the journal, and the syslog files. */
export async function collectLogs(run: RunOp, options: LogsOptions): Promise<LogsResult> {
  const requests: Array<{ label: string; request: OpRequest }> = [
    { label: 'journal -u pptpd', request: { op: 'logs.journal', unit: 'pptpd' } },
    { label: 'journal -t pppd', request: { op: 'logs.journal', identifier: 'pppd' } },
    { label: 'journal -t pptp', request: { op: 'logs.journal', identifier: 'pptp' } },
    ...LOG_FILES.map((path) => ({ label: path, request: { op: 'logs.file', path } as OpRequest })),
  ];
  const results = await Promise.all(
    requests.map(async (r) => ({ ...r, result: await run(r.request) })),
  );
  const sources: LogsResult['sources'] = [];
  const parsed: LogLine[][] = [];
  for (const { label, request, result } of results) {
    if (result.error && result.stdout === '') {
      sources.push({ source: label, format: 'empty', lines: 0, unparsed: 0, error: result.error });
      continue;
    }
    const log =
      request.op === 'logs.journal'
        ? parseJournalJson(result.stdout, label)
        : parseLogText(result.stdout, { source: label, year: options.year });
    sources.push({
      source: label,
      format: log.format,
      lines: log.lines.length,
      unparsed: log.unparsed.length,
      error: result.error ?? null,
    });
    parsed.push(log.lines);
  }
  return {
    report: logsReport(mergeLogLines(parsed), options),
    sources,
    evidence: results.map((r) => evidenceOf(r.result)),
  };
}

/** Step 5 from files: syslog/messages/daemon.log, ppp logfiles, journalctl -o json exports. */
export async function logsFromFiles(paths: string[], options: LogsOptions): Promise<LogsResult> {
  const sources: LogsResult['sources'] = [];
  const parsed: LogLine[][] = [];
  for (const path of paths) {
    const file = await readInputFile(path);
    const log = parseLogText(file.text, { source: path, year: options.year });
    sources.push({
      source: path,
      format: log.format,
      lines: log.lines.length,
      unparsed: log.unparsed.length,
      error: null,
    });
    parsed.push(log.lines);
  }
  return { report: logsReport(mergeLogLines(parsed), options), sources, evidence: [] };
}
