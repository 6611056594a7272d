import path from 'node:path';
import { lstatSync, readdirSync } from 'node:fs';
import { auditIdentitySchema, auditTargetSchema } from '../../../shared/model/audit';
import { DirectRunner } from '../../ops/directRunner';
import { runAudit } from '../../audit/runAudit';
import { importAudit } from '../../audit/importAudit';
import { terminalSafe } from '../terminalText';
import { printReportPdf } from '../../report/printPdfHeadless';
import { INCOMPLETE_AUDIT_EXIT, UsageError } from '../errors';
import { coverageSentence } from '../../../shared/findings/risk';
import { parseNumberOption } from '../options';
import { defaultRendererRoot } from './serve';
import { parsePaper } from './report';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT, MIN_PING_COUNT } from '../../../shared/steps/specs/pingLimits';
import type { Runner } from '../../../shared/ops/runner';
import type { TargetCliOptions } from '../stepRun/targetOptions';
import { requireLocalCollectors } from '../stepRun/localCollectors';

export interface AuditCliOptions extends TargetCliOptions {
  iface?: string;
  carrier?: string;
  remote?: string;
  duration?: string;
  pingCount?: string;
  linkSpeed?: string;
  site?: string;
  asset?: string;
  auditor?: string;
  out?: string;
  paper?: string;
  pdf?: boolean;
  json?: boolean;
  from?: string;
  baselineFile?: string;
  metricsFile?: string;
}

/** The regular files of the folder a site engineer sent, in name order (no recursion, no links followed). */
function suppliedFolder(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (error) {
    throw new UsageError(`--from ${JSON.stringify(folder.slice(0, 80))}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const files = names.map((n) => path.join(folder, n)).filter((f) => lstatSync(f, { throwIfNoEntry: false })?.isFile() === true);
  if (files.length === 0) throw new UsageError(`--from ${JSON.stringify(folder.slice(0, 80))}: no file in the folder`);
  return files;
}

async function readBaselineFileOption(file: string) {
  const { readLongTermBaselineFile, BaselineFileRefused } = await import('../../fleet/prometheus/baselineEvidence');
  try {
    return readLongTermBaselineFile(path.resolve(file));
  } catch (error) {
    if (error instanceof BaselineFileRefused) throw new UsageError(terminalSafe(error.message));
    throw error;
  }
}

async function metricsFileOption(file: string): Promise<string> {
  const { metricsFileProblem } = await import('../../metrics/metricsFile');
  const problem = metricsFileProblem(file);
  if (problem) throw new UsageError(terminalSafe(problem));
  return path.resolve(file);
}

export async function runAuditCommand(o: AuditCliOptions): Promise<void> {
  const target = auditTargetSchema.safeParse({ iface: o.iface, carrier: o.carrier, remoteIp: o.remote });
  if (!target.success) {
    const issue = target.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? '').replace('remoteIp', 'remote')}: ${issue?.message ?? 'invalid'}`);
  }
  const identity = auditIdentitySchema.safeParse({ site: o.site, asset: o.asset, auditor: o.auditor });
  if (!identity.success) throw new UsageError(`invalid identity: ${identity.error.issues[0]?.message}`);
  const durationS = parseNumberOption(o.duration, '--duration', 5, 3600) ?? 30;
  const pingCount = Math.round(parseNumberOption(o.pingCount, '--ping-count', MIN_PING_COUNT, MAX_PING_COUNT) ?? DEFAULT_PING_COUNT);
  const linkSpeedMbps = parseNumberOption(o.linkSpeed, '--link-speed', 0.001, 1_000_000) ?? null;
  const paper = parsePaper(o.paper);
  if (o.target !== undefined && o.from !== undefined) throw new UsageError('--target and --from exclude each other: --from judges files already collected');
  if (o.from === undefined && o.target === undefined) requireLocalCollectors();
  if (o.from === undefined && o.target === undefined && process.getuid?.() !== 0) {
    throw new UsageError('the audit captures packets and reads root-only logs: run it as root (sudo pptp-auditor audit …), or judge files with --from DIR');
  }
  // Both checked before the audit runs: a bad file must not cost a 30 s audit.
  const longTermBaseline = o.baselineFile === undefined ? undefined : await readBaselineFileOption(o.baselineFile);
  const metricsFile = o.metricsFile === undefined ? undefined : await metricsFileOption(o.metricsFile);
  const dir = path.resolve(o.out!);
  const progress = (line: string) => {
    if (!o.json) process.stderr.write(`${line}\n`);
  };
  // Already root: operations run in-process; commands.jsonl of the bundle is their record.
  // With --target they run on the gateway over SSH (loaded only then: the CLI starts fast).
  let runner: Runner;
  let remote: Pick<Parameters<typeof runAudit>[0], 'probe' | 'bundle' | 'hooks' | 'targetEvents'> = {};
  if (o.target !== undefined) {
    const { openCliTarget, TargetRefusal } = await import('../../remote/cliTarget');
    const { remoteAuditParts } = await import('../../remote/remoteAudit');
    try {
      const remoteRunner = await openCliTarget({ target: o.target, identity: o.identity, knownHosts: o.knownHosts, acceptNewHostKey: o.acceptNewHostKey, askPassword: o.askPassword }, progress);
      runner = remoteRunner;
      const parts = await remoteAuditParts(remoteRunner, target.data.iface);
      remote = { probe: () => parts.probe, bundle: parts.bundle, hooks: parts.hooks, targetEvents: () => remoteRunner.connectionEvents };
    } catch (error) {
      if (error instanceof TargetRefusal) throw new UsageError(error.message);
      throw error;
    }
  } else {
    runner = new DirectRunner();
  }
  let outcome;
  let refused: string[] = [];
  try {
    if (o.from !== undefined) {
      const imported = await importAudit({ dir, identity: identity.data, target: target.data, files: suppliedFolder(o.from), linkSpeedMbps, longTermBaseline });
      refused = imported.refused;
      outcome = imported;
    } else {
      outcome = await runAudit({ dir, identity: identity.data, target: target.data, runner, durationS, pingCount, linkSpeedMbps, onProgress: progress, longTermBaseline, ...remote });
    }
  } catch (error) {
    throw new UsageError((error as Error).message);
  } finally {
    await runner.close();
  }
  let pdf: string | null = null;
  if (o.pdf !== false) {
    pdf = path.join(dir, '..', `${path.basename(dir)}-report-${paper}.pdf`);
    progress('printing the report…');
    await printReportPdf(dir, pdf, paper, defaultRendererRoot());
  }
  if (metricsFile !== undefined) {
    const { auditMetricsOfBundle } = await import('../../metrics/auditMetricsInput');
    const { writeAuditMetricsFile } = await import('../../metrics/metricsFile');
    const { OutputRefused } = await import('../../evidence/safeWrite');
    const metrics = auditMetricsOfBundle(dir);
    try {
      await writeAuditMetricsFile(metricsFile, metrics ? [metrics] : []);
    } catch (error) {
      if (error instanceof OutputRefused) throw new UsageError(error.message);
      throw error;
    }
  }
  const summary = {
    dir,
    metricsFile: metricsFile ?? null,
    pdf: pdf && path.resolve(pdf),
    risk: outcome.findings.risk.rating,
    coverage: outcome.findings.risk.coverage,
    stepsDone: outcome.stepsDone,
    stepsNotDone: outcome.stepsNotDone,
    findings: outcome.findings.findings.map((f) => ({ id: f.id, ruleId: f.ruleId, severity: f.severity, title: f.title })),
    notEvaluated: outcome.findings.notEvaluated.map((r) => r.ruleId),
    problems: outcome.problems,
    ...(o.from !== undefined ? { supplied: true, refused } : {}),
  };
  // 0 only when every step ran and gave evidence; 3 when some could not (listed), so a
  // script or an Ansible play never takes a partial audit for a complete one.
  process.exitCode = outcome.stepsNotDone.length === 0 ? 0 : INCOMPLETE_AUDIT_EXIT;
  if (o.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  process.stdout.write(`audit written to ${dir}\n${pdf ? `report: ${summary.pdf}\n` : ''}risk: ${summary.risk.toUpperCase()}\n${coverageSentence(summary.coverage)}\n`);
  for (const f of summary.findings) process.stdout.write(`  [${f.severity}] ${f.title}\n`);
  for (const n of summary.stepsNotDone) process.stdout.write(`  not done: ${n.step}: ${n.why}\n`);
  for (const r of refused) process.stdout.write(`  refused: ${terminalSafe(r)}\n`);
}
