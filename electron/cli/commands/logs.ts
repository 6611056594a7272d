import type { Command } from 'commander';
import { collectLogs, logsFromFiles, type LogsResult } from '../../collectors/logs/collectLogs';
import { InputFileError } from '../../collectors/logs/inputFile';
import { runOperation } from '../../ops/run';
import { UsageError } from '../errors';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(
      `invalid ${name} ${JSON.stringify(text.slice(0, 40))}: expected an integer from ${min} to ${max}`,
    );
  }
  return Number(text);
}

const when = (ms: number | null) =>
  ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z');

function printText(result: LogsResult): void {
  const { report } = result;
  const out: string[] = [];
  for (const s of result.sources) {
    out.push(
      `source ${s.source}: ${s.error && s.lines === 0 ? `unavailable (${s.error})` : `${s.format}, ${s.lines} lines${s.unparsed ? `, ${s.unparsed} unparsed` : ''}`}`,
    );
  }
  out.push(
    '',
    `${report.sessions.length} PPP session(s), ${report.controlConnections.length} pptpd control connection(s)`,
  );
  for (const s of report.sessions) {
    const mppe = s.mppe
      ? `MPPE ${s.mppe.bits ?? '?'}-bit ${s.mppe.stateless === false ? 'stateful' : 'stateless'}`
      : s.ipUp
        ? 'NO MPPE (cleartext)'
        : 'no MPPE';
    const bytes = s.sentBytes !== null ? ` sent ${s.sentBytes} B recv ${s.receivedBytes} B` : '';
    out.push(
      `${when(s.start)} ${s.role.padEnd(7)} pid ${String(s.pid ?? '-').padEnd(6)} ${(s.iface ?? '-').padEnd(6)} peer ${s.peer ?? '-'} ` +
        `${s.localIp ?? '-'} -> ${s.remoteIp ?? '-'} auth ${s.auth.result}${s.auth.method ? ` (${s.auth.method})` : ''}` +
        `${s.auth.errorCode ? ` E=${s.auth.errorCode}` : ''}, ${mppe}` +
        `${s.connectMinutes !== null ? `, ${s.connectMinutes} min` : ''}${bytes}, end: ${s.termination ?? 'still up or log cut'}`,
    );
  }
  const kinds = Object.entries(report.errorsByKind);
  out.push(
    '',
    kinds.length ? `errors: ${kinds.map(([k, n]) => `${k} ${n}`).join(', ')}` : 'errors: none',
  );
  const codes = Object.entries(report.authErrorCodes);
  if (codes.length) out.push(`MS-CHAP error codes: ${codes.map(([c, n]) => `E=${c} x${n}`).join(', ')}`);
  const worst = report.flapping.groups[0];
  out.push(
    `flapping: ${report.flapping.flapping ? 'YES' : 'no'}` +
      (worst
        ? ` (most: ${worst.maxInWindow} sessions of ${worst.key} within ${report.flapping.windowMinutes} min)`
        : ''),
  );
  const e = report.encryption;
  out.push(
    `encryption: ${e.sessionsWithMppe} session(s) with MPPE (${e.weakest ?? '-'}..${e.strongest ?? '-'} bit, ${e.statefulSessions} stateful), ${e.sessionsUpWithoutMppe} up without MPPE`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description(
      'audit step 5: pppd/pptpd sessions, MPPE, authentication, errors and flapping from the logs',
    )
    .option(
      '--from <file>',
      'analyse a log file instead of this machine (syslog, messages, ppp logfile, journalctl -o json); repeatable',
      collect,
      [],
    )
    .option(
      '--year <year>',
      'year of RFC 3164 timestamps (they carry none)',
      String(new Date().getUTCFullYear()),
    )
    .option('--window <minutes>', 'flapping window in minutes', '10')
    .option('--threshold <sessions>', 'sessions within the window that count as flapping', '3')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        from: string[];
        year: string;
        window: string;
        threshold: string;
        json?: boolean;
      }) => {
        const settings = {
          year: integer('--year', options.year, 1970, 2999),
          windowMinutes: integer('--window', options.window, 1, 10_080),
          threshold: integer('--threshold', options.threshold, 2, 10_000),
        };
        let result: LogsResult;
        try {
          result =
            options.from.length > 0
              ? await logsFromFiles(options.from, settings)
              : await collectLogs((r) => runOperation(r), settings);
        } catch (e) {
          if (e instanceof InputFileError) throw new UsageError(e.message);
          throw e;
        }
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else printText(result);
      },
    );
}
