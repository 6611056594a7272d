import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditView } from '../../shared/ipc/channels/audit';
import { missingPrerequisites } from '../../shared/checklist/prerequisites';
import { STEP_IDS, type StepId } from '../../shared/checklist/steps';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import type { Runner } from '../../shared/ops/runner';
import { DEFAULT_STEP_OPTIONS, planStep, type StepOptions } from '../../shared/steps/index';
import type { RawOutput } from '../../shared/steps/outputs';
import { captureSessionId } from '../../shared/steps/specs/capture';
import type { AuditRegistry } from '../backend/auditRegistry';
import { UserFacingError } from '../backend/dispatcher';
import type { PushHub } from '../backend/pushHub';
import { Batcher } from '../backend/batcher';
import type { WarmReportPrinter } from '../report/printPdfHeadless';
import type { EvidenceBundle } from '../evidence';
import { AuditSession } from './auditSession';
import { concludeStep, evaluate, type Evaluation } from './conclude';
import { probePrerequisites } from './probePrerequisites';
import { CaptureFollower } from '../collectors/capture/followCapture';
import { executeStep, type StepExecution } from './stepRunner';

interface OpenAudit {
  auditId: string;
  session: AuditSession;
  /** Every raw output gathered, by step; a re-run replaces its step's outputs. */
  outputs: RawOutput[];
  linkSpeedMbps: number | null;
  /** The options of each step's last run: what the GUI shows the plan for. */
  options: Record<StepId, StepOptions>;
  evaluation: Evaluation | null;
  busy: boolean;
  closed: boolean;
}
export interface AuditServiceOptions {
  auditsRoot?: string;
  /** The built renderer, for printing through headless Chromium. */
  rendererRoot?: string;
  /** What this machine can run (tools, modules); probed here by default. A target elsewhere brings its own. */
  probe?: typeof probePrerequisites;
  /** How this binding prints (the Electron shell uses printToPDF); headless Chromium by default. */
  printPdf?: (dir: string, out: string, paper: 'A4' | 'Letter') => Promise<void>;
}

/** Where audits land unless told otherwise: the auditor's data folder, one folder per audit. */
export function defaultAuditsRoot(): string {
  return process.env.PPTP_AUDITS_DIR ?? path.join(os.homedir(), '.local', 'share', 'pptp-auditor', 'audits');
}

function folderName(site: string, at: Date): string {
  const slug = site.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'site';
  return `${at.toISOString().slice(0, 19).replace(/[:T]/g, '')}-${slug}`;
}

/**
 * The guided audit behind the GUI: one step at a time, in any order, re-runnable; the same
 * collectors, bundle and findings as the headless `audit` command.
 */
export class AuditService {
  private readonly audits = new Map<string, OpenAudit>();
  /** Headless Chromium kept running between exports (issue 14); loaded on the first export. */
  private printer: Promise<WarmReportPrinter> | null = null;

  constructor(
    private readonly registry: AuditRegistry,
    private readonly hub: PushHub,
    private readonly runner: () => Runner,
    private readonly options: AuditServiceOptions = {},
  ) {}

  start(identity: AuditIdentity, target: AuditTarget, linkSpeedMbps: number | null): AuditView {
    const root = this.options.auditsRoot ?? defaultAuditsRoot();
    mkdirSync(root, { recursive: true, mode: 0o750 });
    const dir = path.join(root, folderName(identity.site, new Date()));
    const runner = this.runner();
    const session = AuditSession.create(dir, identity, target, runner);
    // The helper keeps its own log of what it ran for this audit, beside the bundle; it is
    // copied in when the audit is finished.
    if (runner.kind === 'helper') void runner.setAuditLog(`${dir}.helper-audit.jsonl`).catch(() => undefined);
    const privileged = process.getuid?.() === 0;
    session.event({ type: 'prerequisites-probed', at: session.at(), results: (this.options.probe ?? probePrerequisites)(privileged, target.iface) });
    const auditId = this.registry.register(dir);
    const options = Object.fromEntries(STEP_IDS.map((id) => [id, { ...DEFAULT_STEP_OPTIONS }])) as Record<StepId, StepOptions>;
    this.audits.set(auditId, { auditId, session, outputs: [], linkSpeedMbps, options, evaluation: null, busy: false, closed: false });
    return this.view(auditId);
  }

  async runStep(auditId: string, step: StepId, durationS: number, pingCount: number): Promise<AuditView> {
    const audit = this.open(auditId);
    if (audit.busy) throw new UserFacingError('another step of this audit is still running');
    audit.busy = true;
    const { session } = audit;
    const options: StepOptions = { ...DEFAULT_STEP_OPTIONS, windowS: durationS, pingCount };
    const context = session.planContext(options);
    const plan = planStep(step, context);
    const output = new Batcher<string>((lines) => this.hub.emit('audit.output', { auditId, step, lines }), 150);
    const say = (line: string) => output.push(line);
    let runId: number;
    try {
      runId = session.startRun(step, plan);
    } catch (error) {
      audit.busy = false;
      throw new UserFacingError((error as Error).message);
    }
    audit.options[step] = options;
    // The commands as planned are the commands run: the output pane starts with them.
    say(plan.map((c) => `${c.privileged ? '#' : '$'} ${c.display}`).join('\n'));
    let execution: StepExecution = { outputs: [], files: [], errors: [] };
    try {
      execution = await executeStep(session, step, context, {
        say,
        onLine: (line) => say(line.line),
        // Snapshots are stamped with the run, so a re-run never shows the previous capture's.
        onCaptureStarted: (pcapPath) => {
          const follower = new CaptureFollower(pcapPath, captureSessionId(auditId, runId), (snapshot) => this.hub.emit('wire.snapshot', snapshot));
          follower.start();
          return () => follower.stop();
        },
      });
    } catch (error) {
      execution.errors.push((error as Error).message);
    } finally {
      output.dispose();
      audit.busy = false;
    }
    // A re-run replaces what the step gathered before; the earlier run stays in the bundle and the history.
    audit.outputs = [...audit.outputs.filter((o) => o.step !== step), ...execution.outputs];
    audit.evaluation = evaluate(session, audit.outputs, { target: session.target, linkSpeedMbps: audit.linkSpeedMbps });
    concludeStep(session, step, execution, audit.evaluation);
    return this.view(auditId);
  }

  skip(auditId: string, step: StepId, reason: string): AuditView {
    const { session } = this.open(auditId);
    this.apply(() => session.event({ type: 'skipped', step, at: session.at(), reason }));
    return this.view(auditId);
  }

  note(auditId: string, step: StepId, text: string): AuditView {
    const { session } = this.open(auditId);
    this.apply(() => session.event({ type: 'note-added', step, at: session.at(), text }));
    session.bundle.addNote({ step, text });
    return this.view(auditId);
  }

  finish(auditId: string): AuditView {
    const audit = this.open(auditId);
    if (audit.busy) throw new UserFacingError('a step is still running');
    audit.evaluation = evaluate(audit.session, audit.outputs, { target: audit.session.target, linkSpeedMbps: audit.linkSpeedMbps });
    const helperLog = `${audit.session.bundle.dir}.helper-audit.jsonl`;
    if (existsSync(helperLog)) audit.session.bundle.addOutput('helper-audit.jsonl', readFileSync(helperLog));
    audit.session.bundle.close();
    audit.closed = true;
    // Exporting the report is what follows: start its browser now, so the click does not wait for one.
    if (!this.options.printPdf && this.options.rendererRoot) void this.warmPrinter(this.options.rendererRoot).then((p) => p.prewarm());
    return this.view(auditId);
  }

  async exportPdf(auditId: string, paper: 'A4' | 'Letter'): Promise<{ path: string }> {
    const audit = this.audits.get(auditId);
    if (!audit) throw new UserFacingError(`no open audit with id ${auditId}`);
    const { printPdf, rendererRoot } = this.options;
    if (!printPdf && !rendererRoot) throw new UserFacingError('PDF export is not available in this binding');
    if (!audit.closed) this.finish(auditId);
    const out = `${audit.session.bundle.dir}-report-${paper}.pdf`;
    if (printPdf) await printPdf(audit.session.bundle.dir, out, paper);
    else await (await this.warmPrinter(rendererRoot!)).print(audit.session.bundle.dir, out, paper);
    return { path: out };
  }

  private warmPrinter(rendererRoot: string): Promise<WarmReportPrinter> {
    this.printer ??= import('../report/printPdfHeadless').then((m) => new m.WarmReportPrinter(rendererRoot));
    return this.printer;
  }

  /** Closes what outlives a request (the warm report printer). */
  async dispose(): Promise<void> {
    const printer = this.printer;
    this.printer = null;
    await (await printer)?.close();
  }

  /** The evidence bundle of an audit still open (the terminal appends its transcript to it). */
  bundleOf(auditId: string): EvidenceBundle {
    return this.open(auditId).session.bundle;
  }

  private apply(change: () => void): void {
    try {
      change();
    } catch (error) {
      throw new UserFacingError((error as Error).message);
    }
  }

  private open(auditId: string): OpenAudit {
    const audit = this.audits.get(auditId);
    if (!audit) throw new UserFacingError(`no open audit with id ${auditId}`);
    if (audit.closed) throw new UserFacingError('this audit is finished; start a new one to measure again');
    return audit;
  }

  private view(auditId: string): AuditView {
    const audit = this.audits.get(auditId)!;
    const { session } = audit;
    const context = session.planContext(DEFAULT_STEP_OPTIONS);
    return {
      auditId,
      dir: session.bundle.dir,
      identity: session.identity,
      target: session.target,
      checklist: session.checklist,
      plan: { kernelRelease: context.kernelRelease ?? null, captureDir: context.captureDir! },
      options: audit.options,
      facts: audit.evaluation?.facts ?? {},
      findings: audit.evaluation?.findings ?? null,
      missingPrerequisites: missingPrerequisites(session.checklist.prerequisites.results),
      closed: audit.closed,
    };
  }
}
