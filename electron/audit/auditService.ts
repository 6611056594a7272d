import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditView } from '../../shared/ipc/channels/audit';
import { missingPrerequisites } from '../../shared/checklist/prerequisites';
import { STEP_IDS, stepDefinition, type StepId } from '../../shared/checklist/steps';
import type { AuditIdentity, AuditTarget } from '../../shared/model/audit';
import type { Runner } from '../../shared/ops/runner';
import type { AuditRegistry } from '../backend/auditRegistry';
import { UserFacingError } from '../backend/dispatcher';
import type { PushHub } from '../backend/pushHub';
import { Batcher } from '../backend/batcher';
import { printReportPdf } from '../report/printPdfHeadless';
import type { EvidenceBundle } from '../evidence';
import { AuditSession } from './auditSession';
import { emptyCollected, type Collected } from './collected';
import { concludeStep, evaluate } from './conclude';
import { probePrerequisites } from './probePrerequisites';
import { CaptureFollower } from '../collectors/capture/followCapture';
import {
  collectHardening,
  collectInterfaces,
  collectLatency,
  collectLogs,
  collectModules,
  collectThroughput,
  finishCapture,
  startCapture,
} from './steps';

interface OpenAudit {
  auditId: string;
  session: AuditSession;
  collected: Collected;
  linkSpeedMbps: number | null;
  findings: ReturnType<typeof evaluate> | null;
  busy: boolean;
  closed: boolean;
}

export interface AuditServiceOptions {
  auditsRoot?: string;
  /** The built renderer, for printing through headless Chromium. */
  rendererRoot?: string;
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
    session.event({ type: 'prerequisites-probed', at: session.at(), results: probePrerequisites(privileged, target.iface) });
    const auditId = this.registry.register(dir);
    this.audits.set(auditId, { auditId, session, collected: emptyCollected(), linkSpeedMbps, findings: null, busy: false, closed: false });
    return this.view(auditId);
  }

  async runStep(auditId: string, step: StepId, durationS: number, pingCount: number): Promise<AuditView> {
    const audit = this.open(auditId);
    if (audit.busy) throw new UserFacingError('another step of this audit is still running');
    audit.busy = true;
    const { session, collected: c } = audit;
    // A re-run replaces what the step gathered before; the earlier run stays in the history.
    const output = new Batcher<string>((lines) => this.hub.emit('audit.output', { auditId, step, lines }), 150);
    const say = (line: string) => output.push(line);
    try {
      session.startRun(step, step === 'latency' ? { pingCount } : {});
    } catch (error) {
      audit.busy = false;
      throw new UserFacingError((error as Error).message);
    }
    say(`$ ${stepDefinition(step).commands({ target: session.target, pingCount }).map((x) => x.display).join('\n$ ')}`);
    let files: string[] = [];
    try {
      files = await this.collect(audit, step, durationS, pingCount, say);
    } catch (error) {
      c.problems.push({ step, message: (error as Error).message });
    } finally {
      output.dispose();
      audit.busy = false;
    }
    audit.findings = evaluate(session, c);
    concludeStep(session, c, step, files, audit.findings);
    return this.view(auditId);
  }

  private async collect(audit: OpenAudit, step: StepId, durationS: number, pingCount: number, say: (l: string) => void): Promise<string[]> {
    const { session, collected: c } = audit;
    c.problems = c.problems.filter((p) => p.step !== step);
    switch (step) {
      case 'identify-interfaces':
        return collectInterfaces(session, c);
      case 'kernel-modules':
        return collectModules(session, c);
      case 'throughput':
        say(`sampling ${session.target.iface} for ${durationS} s…`);
        return collectThroughput(session, c, { seconds: durationS, intervalMs: 500, linkSpeedMbps: audit.linkSpeedMbps });
      case 'capture': {
        say(`capturing on ${session.target.carrier} for ${durationS} s…`);
        const started = await startCapture(session, c, durationS + 30);
        // The capture is decoded while it grows: the renderer sees control messages, GRE loss
        // and the verdicts update during the window, not only at the end.
        const follower = started.pcapPath
          ? new CaptureFollower(started.pcapPath, audit.auditId, (snapshot) => this.hub.emit('wire.snapshot', snapshot))
          : null;
        follower?.start();
        await new Promise((r) => setTimeout(r, durationS * 1000));
        const files = [started.file, ...(await finishCapture(session, c, started.captureId))];
        follower?.stop();
        if (c.capture) say(`${c.capture.report.packets} packets; data channel: ${c.capture.facts.encryption.verdict}`);
        return files;
      }
      case 'logs':
        return collectLogs(session, c);
      case 'latency': {
        const files = await collectLatency(session, c, pingCount);
        say(c.ping ? c.ping.text.trim().split('\n').slice(-3).join('\n') : 'ping did not run');
        // The hardening reads belong to no step of the guide; they ride along with the last one.
        await collectHardening(session, c).catch((e: Error) => c.problems.push({ step: 'hardening', message: e.message }));
        return files;
      }
    }
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
    audit.findings = evaluate(audit.session, audit.collected);
    const helperLog = `${audit.session.bundle.dir}.helper-audit.jsonl`;
    if (existsSync(helperLog)) audit.session.bundle.addOutput('helper-audit.jsonl', readFileSync(helperLog));
    audit.session.bundle.close();
    audit.closed = true;
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
    else await printReportPdf(audit.session.bundle.dir, out, paper, rendererRoot!);
    return { path: out };
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
    const commands = Object.fromEntries(
      STEP_IDS.map((id) => [id, stepDefinition(id).commands({ target: session.target })]),
    ) as AuditView['commands'];
    return {
      auditId,
      dir: session.bundle.dir,
      identity: session.identity,
      target: session.target,
      checklist: session.checklist,
      commands,
      facts: audit.findings?.facts ?? {},
      findings: audit.findings?.findings ?? null,
      missingPrerequisites: missingPrerequisites(session.checklist.prerequisites.results),
      closed: audit.closed,
    };
  }
}
