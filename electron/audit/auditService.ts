import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditView, StepProgress } from '../../shared/ipc/channels/audit';
import type { AuditFacts } from '../../shared/findings/facts';
import { createCancelSource } from '../../shared/ops/runner';
import type { AuditStatus } from '../../shared/model/auditStatus';
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
import { REPORT_DIR } from '../evidence/layout';
import type { WarmReportPrinter } from '../report/printPdfHeadless';
import type { EvidenceBundle } from '../evidence';
import { AuditSession } from './auditSession';
import { concludeStep, evaluate, type Evaluation } from './conclude';
import { probePrerequisites } from './probePrerequisites';
import { CaptureFollower } from '../collectors/capture/followCapture';
import { executeStep, type StepExecution, type StepHooks } from './stepRunner';
import { keepTargetConnectionEvents } from './targetConnectionEvents';
import type { ConnectionEvent, RemoteRunner } from '../remote/remoteRunner';
import { remoteAuditParts, type RemoteAuditParts } from '../remote/remoteAudit';
import { readBundle } from '../evidence';
import { parseSshTarget, formatSshTarget } from '../../shared/model/sshTarget';

interface OpenAudit {
  auditId: string;
  session: AuditSession;
  /** Every raw output gathered, by step; a re-run replaces its step's outputs. */
  outputs: RawOutput[];
  linkSpeedMbps: number | null;
  /** The options of each step's last run: what the GUI shows the plan for. */
  options: Record<StepId, StepOptions>;
  evaluation: Evaluation | null;
  /** Facts written before a restart (resume), standing for the steps not run again since. */
  carried: AuditFacts;
  busy: boolean;
  closed: boolean;
  status: AuditStatus;
  /** The running step's progress, and how to cancel it. */
  progress: StepProgress | null;
  cancel: (() => void) | null;
  /** The signed report inside the bundle, once finished. */
  finalReport: string | null;
  /** ssh://user@host:port of the gateway its steps run on; null: this machine. */
  gateway: string | null;
  /**
   * The gateway runners that served this audit, with how many of their connection events came
   * before it used them: the losses and recoveries during the audit are kept in its bundle.
   */
  connections: Map<RemoteRunner, number>;
}

/** The gateway the backend is connected to now (electron/backend/targetService). */
export interface ConnectedGateway {
  /** ssh://user@host:port (formatSshTarget). */
  target: string;
  runner: RemoteRunner;
}

/** Progress pushes at most this often: a countdown and counts need no more. */
const PROGRESS_INTERVAL_MS = 250;
export interface AuditServiceOptions {
  auditsRoot?: string;
  /** The built renderer, for printing through headless Chromium. */
  rendererRoot?: string;
  /** What this machine can run (tools, modules); probed here by default. A target elsewhere brings its own. */
  probe?: typeof probePrerequisites;
  /** How this binding prints (the Electron shell uses printToPDF); headless Chromium by default. */
  printPdf?: (dir: string, out: string, paper: 'A4' | 'Letter') => Promise<void>;
  /** The gateway connected now, if any: audits started on it run every step there. */
  gateway?: () => ConnectedGateway | null;
}

/** The one spelling of a target for comparisons (ssh://user@host:port), or the text itself when unparseable. */
function canonicalTarget(text: string): string {
  const parsed = parseSshTarget(text.trim(), 'gateway');
  return parsed.ok ? formatSshTarget(parsed.target) : text.trim();
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
  private warm: Promise<WarmReportPrinter> | null = null;

  constructor(
    private readonly registry: AuditRegistry,
    private readonly hub: PushHub,
    /** This machine's runner (the privilege service's: direct as root, else the helper). */
    private readonly runner: () => Runner,
    private readonly options: AuditServiceOptions = {},
  ) {}

  /**
   * Starts an audit where the auditor chose: `gateway` null is this machine (even while a gateway
   * is connected); otherwise it must be the gateway connected now, or the start is refused, so an
   * audit never runs on another machine than the one named on the form.
   */
  async startOn(identity: AuditIdentity, target: AuditTarget, linkSpeedMbps: number | null, gateway: string | null): Promise<AuditView> {
    if (gateway === null) return this.start(identity, target, linkSpeedMbps);
    const wanted = canonicalTarget(gateway);
    const connected = this.options.gateway?.() ?? null;
    if (connected === null) throw new UserFacingError(`no gateway is connected: connect to ${wanted} first`);
    if (connected.target !== wanted) throw new UserFacingError(`refused: the backend is connected to ${connected.target}, not ${wanted}`);
    let parts: RemoteAuditParts;
    try {
      parts = await remoteAuditParts(connected.runner, target.iface);
    } catch (error) {
      throw new UserFacingError(`${wanted}: ${(error as Error).message.split('\n')[0]}`);
    }
    const dir = this.newAuditDir(identity);
    const audit: Pick<OpenAudit, 'gateway' | 'connections'> = { gateway: wanted, connections: new Map([[connected.runner, connected.runner.connectionEvents.length]]) };
    const session = AuditSession.create(dir, identity, target, this.gatewayRunner(audit), parts.bundle);
    session.event({ type: 'prerequisites-probed', at: session.at(), results: parts.probe, gateway: wanted });
    const auditId = this.registry.register(dir);
    this.audits.set(auditId, { ...this.openAudit(auditId, session, linkSpeedMbps, {}), ...audit });
    return this.changed(auditId);
  }

  private newAuditDir(identity: AuditIdentity): string {
    const root = this.options.auditsRoot ?? defaultAuditsRoot();
    mkdirSync(root, { recursive: true, mode: 0o750 });
    return path.join(root, folderName(identity.site, new Date()));
  }

  /**
   * The connected gateway, if it is the one this audit runs on: a gateway audit never runs a
   * step elsewhere. A runner first used by this audit (a reconnect by hand) is remembered, so
   * its connection events land in the bundle too.
   */
  private gatewayOf(audit: Pick<OpenAudit, 'gateway' | 'connections'>): RemoteRunner {
    const connected = this.options.gateway?.() ?? null;
    if (connected === null || connected.target !== audit.gateway) {
      throw new UserFacingError(`this audit runs on ${audit.gateway}: connect to it first`);
    }
    if (!audit.connections.has(connected.runner)) audit.connections.set(connected.runner, connected.runner.connectionEvents.length);
    return connected.runner;
  }

  /** The session's runner for a gateway audit: each operation goes to the gateway connected now. */
  private gatewayRunner(audit: Pick<OpenAudit, 'gateway' | 'connections'>): Runner {
    return {
      kind: 'remote',
      // The steps are planned for the gateway's kernel (step 2's paths), as its runner runs them.
      kernelRelease: this.gatewayOf(audit).kernelRelease,
      run: (request, options) => this.gatewayOf(audit).run(request, options),
      setAuditLog: async () => undefined,
      // The connection belongs to the target service, not to one audit.
      close: async () => undefined,
    };
  }

  /** Step 3 samples the gateway's counters and reads its link speed there. */
  private gatewayHooks(audit: OpenAudit): Pick<StepHooks, 'sampler' | 'readSmallFile'> {
    if (audit.gateway === null) return {};
    return {
      sampler: (options) => this.gatewayOf(audit).sampler(options),
      readSmallFile: (file) => this.gatewayOf(audit).readSmallFile(file),
    };
  }

  /** The connection's losses and recoveries while it served this audit (kept in its bundle). */
  private connectionEventsOf(audit: OpenAudit): ConnectionEvent[] {
    return [...audit.connections].flatMap(([runner, from]) => runner.connectionEvents.slice(from));
  }

  /**
   * The gateway's privilege changed (sudo's password given in the header, a reconnect as another
   * account): every open audit on it records the new probe, so a step blocked for want of root
   * runs now, and the view drops its "blocked" line without a step being run first.
   */
  gatewayPrivilegeChanged(gateway: string): void {
    const connected = this.options.gateway?.() ?? null;
    if (connected === null || connected.target !== gateway) return;
    for (const audit of this.audits.values()) {
      if (audit.gateway !== gateway || audit.closed || audit.busy) continue;
      if (this.followGatewayPrivilege(audit, connected.runner)) this.changed(audit.auditId);
    }
  }

  /** Records the runner's privilege as the audit's `privileges` prerequisite when it differs; true if it did. */
  private followGatewayPrivilege(audit: OpenAudit, runner: RemoteRunner): boolean {
    const { prerequisites } = audit.session.checklist;
    const privileged = runner.privilegeMode !== 'none';
    if (prerequisites.results.privileges === privileged) return false;
    audit.session.event({ type: 'prerequisites-probed', at: audit.session.at(), results: { ...prerequisites.results, privileges: privileged }, gateway: audit.gateway });
    return true;
  }

  /** Whether a step of an audit on that gateway is running (the connection must not be swapped under it). */
  isRunningOn(gateway: string): boolean {
    return [...this.audits.values()].some((a) => a.busy && a.gateway === gateway);
  }

  start(identity: AuditIdentity, target: AuditTarget, linkSpeedMbps: number | null): AuditView {
    const dir = this.newAuditDir(identity);
    const runner = this.runner();
    const session = AuditSession.create(dir, identity, target, runner);
    // The helper keeps its own log of what it ran for this audit, beside the bundle; it is
    // copied in when the audit is finished.
    if (runner.kind === 'helper') void runner.setAuditLog(`${dir}.helper-audit.jsonl`).catch(() => undefined);
    const privileged = process.getuid?.() === 0;
    session.event({ type: 'prerequisites-probed', at: session.at(), results: (this.options.probe ?? probePrerequisites)(privileged, target.iface) });
    const auditId = this.registry.register(dir);
    this.audits.set(auditId, this.openAudit(auditId, session, linkSpeedMbps, {}));
    return this.changed(auditId);
  }

  private openAudit(auditId: string, session: AuditSession, linkSpeedMbps: number | null, carried: AuditFacts): OpenAudit {
    const options = Object.fromEntries(STEP_IDS.map((id) => [id, { ...DEFAULT_STEP_OPTIONS }])) as Record<StepId, StepOptions>;
    return { auditId, session, outputs: [], linkSpeedMbps, options, evaluation: null, carried, busy: false, closed: false, status: 'open', progress: null, cancel: null, finalReport: null, gateway: null, connections: new Map() };
  }

  /**
   * Continues an open audit from its bundle after the app was restarted (or crashed). An audit
   * this backend already holds is simply returned: a reloaded page re-attaches to it.
   */
  resume(auditId: string): AuditView {
    const known = this.audits.get(auditId);
    if (known) return this.view(auditId);
    const dir = this.registry.dirOf(auditId);
    // A gateway audit continues only on the same gateway (its manifest names it), connected now.
    const gateway = gatewayOfBundle(dir);
    const place: Pick<OpenAudit, 'gateway' | 'connections'> = { gateway, connections: new Map() };
    if (gateway !== null) this.gatewayOf(place);
    const runner = gateway === null ? this.runner() : this.gatewayRunner(place);
    let resumed: ReturnType<typeof AuditSession.resume>;
    try {
      resumed = AuditSession.resume(dir, runner);
    } catch (error) {
      throw new UserFacingError(`this audit cannot be continued: ${(error as Error).message}`);
    }
    if (runner.kind === 'helper') void runner.setAuditLog(`${dir}.helper-audit.jsonl`).catch(() => undefined);
    const audit: OpenAudit = { ...this.openAudit(auditId, resumed.session, null, resumed.carried), ...place };
    this.audits.set(auditId, audit);
    audit.evaluation = evaluate(audit.session, [], { target: audit.session.target, linkSpeedMbps: null }, audit.carried);
    return this.changed(auditId);
  }

  /** The audits open in this backend, newest first: what a reloaded page re-attaches to. */
  current(): AuditView[] {
    return [...this.audits.values()]
      .filter((a) => !a.closed)
      .sort((a, b) => b.session.bundle.dir.localeCompare(a.session.bundle.dir))
      .map((a) => this.view(a.auditId));
  }

  /** Whether this backend holds the audit of that folder open (the history offers Resume only otherwise). */
  isActive(dir: string): boolean {
    return [...this.audits.values()].some((a) => !a.closed && path.resolve(a.session.bundle.dir) === path.resolve(dir));
  }

  /** Ends the running step early; it keeps what it gathered and is recorded as cancelled. */
  cancel(auditId: string): { cancelled: boolean } {
    const audit = this.open(auditId);
    if (!audit.busy || !audit.cancel || !audit.progress) return { cancelled: false };
    audit.cancel();
    audit.progress = { ...audit.progress, cancelling: true };
    this.hub.emit('audit.progress', audit.progress);
    return { cancelled: true };
  }

  async runStep(auditId: string, step: StepId, durationS: number, pingCount: number): Promise<AuditView> {
    const audit = this.open(auditId);
    if (audit.busy) throw new UserFacingError('another step of this audit is still running');
    if (audit.gateway !== null) this.followGatewayPrivilege(audit, this.gatewayOf(audit));
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
    const cancel = createCancelSource();
    audit.cancel = cancel.cancel;
    audit.progress = { auditId, step, runId, startedAt: session.at(), plannedS: plannedSeconds(step, options), counts: {}, cancelling: false };
    let lastPush = 0;
    const count = (counts: StepProgress['counts']) => {
      if (!audit.progress) return;
      audit.progress = { ...audit.progress, counts: { ...audit.progress.counts, ...counts } };
      const now = Date.now();
      if (now - lastPush < PROGRESS_INTERVAL_MS) return;
      lastPush = now;
      this.hub.emit('audit.progress', audit.progress);
    };
    // Every window sees the step running (header badge, sidebar) from its first second.
    this.changed(auditId);
    this.hub.emit('audit.progress', audit.progress);
    // The commands as planned are the commands run: the output pane starts with them.
    say(plan.map((c) => `${c.privileged ? '#' : '$'} ${c.display}`).join('\n'));
    let replies = 0;
    let execution: StepExecution = { outputs: [], files: [], errors: [] };
    try {
      execution = await executeStep(session, step, context, {
        ...this.gatewayHooks(audit),
        say,
        cancel: cancel.token,
        onSample: (samples) => count({ samples }),
        onLine: (line) => {
          say(line.line);
          if (/bytes from/.test(line.line)) count({ replies: ++replies });
        },
        // Snapshots are stamped with the run, so a re-run never shows the previous capture's.
        onCaptureStarted: (pcapPath) => {
          const follower = new CaptureFollower(pcapPath, captureSessionId(auditId, runId), (snapshot) => {
            this.hub.emit('wire.snapshot', snapshot);
            // What is in the kept pcap so far: the packets and bytes gathered, as tcpdump wrote them.
            count({ packets: snapshot.report.packets, bytes: snapshot.bytesRead });
          });
          follower.start();
          return () => follower.stop();
        },
      });
    } catch (error) {
      execution.errors.push((error as Error).message);
    } finally {
      output.dispose();
      audit.busy = false;
      audit.cancel = null;
    }
    const cancelled = cancel.token.cancelled;
    const elapsedS = audit.progress ? Math.round((Date.parse(session.at()) - Date.parse(audit.progress.startedAt)) / 1000) : 0;
    const planned = audit.progress?.plannedS;
    audit.progress = null;
    if (cancelled) {
      this.hub.emit('audit.output', {
        auditId,
        step,
        lines: [`Cancelled after ${elapsedS} s${planned ? ` of ${planned} s` : ''}: what was gathered until then is kept in the bundle and judged as partial.`],
      });
    }
    // A re-run replaces what the step gathered before; the earlier run stays in the bundle and the history.
    audit.outputs = [...audit.outputs.filter((o) => o.step !== step), ...execution.outputs];
    audit.evaluation = evaluate(session, audit.outputs, { target: session.target, linkSpeedMbps: audit.linkSpeedMbps }, audit.carried);
    concludeStep(session, step, execution, audit.evaluation, cancelled);
    return this.changed(auditId);
  }

  skip(auditId: string, step: StepId, reason: string): AuditView {
    const { session } = this.open(auditId);
    this.apply(() => session.event({ type: 'skipped', step, at: session.at(), reason }));
    return this.changed(auditId);
  }

  note(auditId: string, step: StepId, text: string): AuditView {
    const { session } = this.open(auditId);
    this.apply(() => session.event({ type: 'note-added', step, at: session.at(), text }));
    session.bundle.addNote({ step, text });
    return this.changed(auditId);
  }

  /**
   * Finish and sign: the custody log records the signature, the final report is printed from the
   * bundle (no DRAFT mark: custody says signed) into report/, and the bundle is sealed closed
   * with the report's hash in its manifest. Without a printer in this binding it seals without
   * one, and custody says so.
   */
  async finish(auditId: string, paper: 'A4' | 'Letter' = 'A4', signedBy = ''): Promise<AuditView> {
    const audit = this.open(auditId);
    if (audit.busy) throw new UserFacingError('a step is still running: cancel it or let it end first');
    audit.busy = true;
    try {
      const { bundle } = audit.session;
      audit.evaluation = evaluate(audit.session, audit.outputs, { target: audit.session.target, linkSpeedMbps: audit.linkSpeedMbps }, audit.carried);
      this.keepHelperLog(audit);
      keepTargetConnectionEvents(bundle, this.connectionEventsOf(audit));
      const who = signedBy.trim() || audit.session.identity.auditor || 'the auditor';
      const printer = this.printer();
      bundle.custody('signed', `finished and signed by ${who}; ${printer ? `final report (${paper}) printed into ${REPORT_DIR}/` : 'no report printed (this binding has no printer)'}`);
      bundle.flush();
      if (printer) {
        const staging = `${bundle.dir}.signing-${paper}.pdf`;
        try {
          await printer(bundle.dir, staging, paper);
          audit.finalReport = bundle.addReport(`report-${paper}.pdf`, readFileSync(staging));
        } finally {
          if (existsSync(staging)) unlinkSync(staging);
        }
      }
      bundle.close();
      audit.closed = true;
      audit.status = 'closed';
    } catch (error) {
      throw new UserFacingError(`the audit could not be finished: ${(error as Error).message}`);
    } finally {
      audit.busy = false;
    }
    return this.changed(auditId);
  }

  /** Gives the audit up: kept on disk and sealed, marked abandoned in custody, never counted as the site's audit. */
  abandon(auditId: string, reason: string): AuditView {
    if (!this.audits.has(auditId)) this.resume(auditId);
    const audit = this.open(auditId);
    if (audit.busy) throw new UserFacingError('a step is still running: cancel it first');
    this.keepHelperLog(audit);
    keepTargetConnectionEvents(audit.session.bundle, this.connectionEventsOf(audit));
    audit.session.bundle.custody('abandoned', reason.trim());
    audit.session.bundle.close();
    audit.closed = true;
    audit.status = 'abandoned';
    return this.changed(auditId);
  }

  /**
   * Before finishing: a DRAFT (the watermark is on every page, the audit stays open), written
   * beside the bundle and recorded in custody with its hash. After: the signed report inside it.
   */
  async exportPdf(auditId: string, paper: 'A4' | 'Letter'): Promise<{ path: string; draft: boolean }> {
    const audit = this.audits.get(auditId);
    if (!audit) throw new UserFacingError(`no open audit with id ${auditId}`);
    if (audit.status === 'abandoned') throw new UserFacingError('this audit was abandoned: it has no report');
    const printer = this.printer();
    if (!printer) throw new UserFacingError('PDF export is not available in this binding');
    const { dir } = audit.session.bundle;
    if (audit.closed) {
      const inside = `${REPORT_DIR}/report-${paper}.pdf`;
      if (audit.finalReport === inside) return { path: path.join(dir, inside), draft: false };
      const out = `${dir}-report-${paper}.pdf`;
      await printer(dir, out, paper);
      return { path: out, draft: false };
    }
    const out = `${dir}-DRAFT-report-${paper}.pdf`;
    await printer(dir, out, paper);
    const hash = createHash('sha256').update(readFileSync(out)).digest('hex');
    audit.session.bundle.custody('draft-exported', `${paper} draft ${path.basename(out)} sha256 ${hash}`);
    return { path: out, draft: true };
  }

  private printer(): ((dir: string, out: string, paper: 'A4' | 'Letter') => Promise<void>) | null {
    const { printPdf, rendererRoot } = this.options;
    if (printPdf) return printPdf;
    // One Chromium kept warm between exports (loaded on first use: the app starts without it).
    if (rendererRoot) return async (dir, out, paper) => void (await (await this.warmPrinter(rendererRoot)).print(dir, out, paper));
    return null;
  }

  /** The helper's own log of what it ran for this audit goes into the bundle before it is sealed. */
  private keepHelperLog(audit: OpenAudit): void {
    const helperLog = `${audit.session.bundle.dir}.helper-audit.jsonl`;
    if (existsSync(helperLog)) audit.session.bundle.addOutput('helper-audit.jsonl', readFileSync(helperLog));
  }

  private warmPrinter(rendererRoot: string): Promise<WarmReportPrinter> {
    this.warm ??= import('../report/printPdfHeadless').then((m) => new m.WarmReportPrinter(rendererRoot));
    return this.warm;
  }

  /** Closes what outlives a request (the warm report printer). */
  async dispose(): Promise<void> {
    const warm = this.warm;
    this.warm = null;
    await (await warm)?.close();
  }

  /** The evidence bundle of an audit still open (the terminal appends its transcript to it). */
  bundleOf(auditId: string): EvidenceBundle {
    return this.open(auditId).session.bundle;
  }

  /** The gateway an open audit runs on (ssh://…), or null: this machine. */
  gatewayOfAudit(auditId: string): string | null {
    return this.open(auditId).gateway;
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
    if (audit.status === 'abandoned') throw new UserFacingError('this audit was abandoned; start a new one to measure again');
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
      gateway: audit.gateway,
      checklist: session.checklist,
      plan: { kernelRelease: context.kernelRelease ?? null, captureDir: context.captureDir! },
      options: audit.options,
      facts: audit.evaluation?.facts ?? {},
      findings: audit.evaluation?.findings ?? null,
      missingPrerequisites: missingPrerequisites(session.checklist.prerequisites.results, audit.gateway),
      closed: audit.closed,
      status: audit.status,
      running: audit.progress,
      finalReport: audit.finalReport,
    };
  }

  /** The view after a change, pushed to every window (a reloaded page follows the step it re-attached to). */
  private changed(auditId: string): AuditView {
    const view = this.view(auditId);
    this.hub.emit('audit.view', view);
    return view;
  }
}

/** How long a run of the step is planned to take: the window, or the echo requests 0.2 s apart. */
function plannedSeconds(step: StepId, options: StepOptions): number | null {
  if (step === 'throughput' || step === 'capture') return options.windowS;
  if (step === 'latency') return Math.ceil(options.pingCount * 0.2);
  return null;
}

/** The gateway an audit's manifest names (ssh://user@host:port), or null for one of this machine. */
function gatewayOfBundle(dir: string): string | null {
  try {
    const target = readBundle(dir, { samples: false }).manifest.host.remote?.target;
    return target ? canonicalTarget(target) : null;
  } catch {
    // Unreadable: AuditSession.resume says why, in its words.
    return null;
  }
}
