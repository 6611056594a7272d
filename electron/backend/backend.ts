import { createDispatcher, UserFacingError, type Dispatch, type Handlers } from './dispatcher';
import { PushHub } from './pushHub';
import { localCounters, ThroughputService } from './throughputService';
import { listInterfaces, listInterfacesWith } from '../collectors/interfaces/listInterfaces';
import { TargetService, type TargetServiceOptions } from './targetService';
import { ProfilesRefused, TargetProfiles } from '../remote/targetProfiles';
import { gatewayCounters } from '../remote/gatewayCounters';
import { AuditRegistry } from './auditRegistry';
import { loadReportModel } from '../report/loadReportModel';
import { AuditService, defaultAuditsRoot, type AuditServiceOptions } from '../audit/auditService';
import { PrivilegeService } from './privilegeService';
import { TerminalService } from '../terminal/terminalService';
import { openAuditBundle } from '../terminal/auditBundle';
import { compareBundles, listSavedAudits, openSavedAudit, sampleAuditSummary } from '../audit/savedAudits';
import { ConcurrencyGate } from './concurrencyGate';
import { listEvidence, readEvidencePage } from '../evidence/evidencePage';
import { LongTermBaselineImports } from '../audit/longTermBaselineImport';

/**
 * The Node backend behind every binding: services plus the handler table of the contract.
 * It imports nothing from Electron, so it runs the same under the Electron shell, under
 * `pptp-auditor serve`, and in tests.
 */
export interface BackendOptions extends AuditServiceOptions {
  /** Test seams of the gateway connection (session tap, ssh2 trace, no agent). */
  targetConnect?: TargetServiceOptions['connect'];
}

export class Backend {
  readonly hub = new PushHub();
  /** The gateway over SSH the operations run on, when one is connected (issue 12). */
  readonly target: TargetService;
  readonly profiles: TargetProfiles;
  readonly throughput: ThroughputService;
  readonly audits = new AuditRegistry();
  /** Bounds the `ip` processes clients can make the backend spawn (interface listings). */
  readonly ipProcesses = new ConcurrencyGate('ip processes');
  readonly guided: AuditService;
  readonly privileges: PrivilegeService;
  readonly terminals: TerminalService;
  readonly baselines: LongTermBaselineImports;
  readonly dispatch: Dispatch;

  constructor(
    log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    options: BackendOptions = {},
  ) {
    const auditsRoot = () => options.auditsRoot ?? defaultAuditsRoot();
    this.target = new TargetService(this.hub, {
      isRunningOn: (gateway) => this.guided.isRunningOn(gateway),
      onTargetChanged: (gateway) => this.throughput.stopAllBut(gateway),
      onPrivilegeChanged: (gateway) => this.guided.gatewayPrivilegeChanged(gateway),
      ...(options.targetConnect ? { connect: options.targetConnect } : {}),
    });
    this.profiles = TargetProfiles.besideAudits(auditsRoot());
    this.throughput = new ThroughputService(this.hub, undefined, undefined, () => {
      const gateway = this.target.current();
      return gateway ? gatewayCounters(gateway.target, gateway.runner) : localCounters;
    });
    this.privileges = new PrivilegeService(auditsRoot);
    this.guided = new AuditService(this.audits, this.hub, () => this.privileges.runner(), { ...options, gateway: () => this.target.current() });
    this.baselines = new LongTermBaselineImports(this.guided, this.audits, this.hub);
    this.terminals = new TerminalService(this.hub, (auditId) => openAuditBundle(this.guided, auditId), { gatewayOf: (auditId) => this.guided.gatewayOfAudit(auditId) });
    const handlers: Handlers = {
      // The interfaces of where operations run now: the gateway's while one is connected.
      'interfaces.list': () => {
        const gateway = this.target.current();
        return gateway ? listInterfacesWith(gateway.runner).catch((e: Error) => Promise.reject(new UserFacingError(e.message))) : this.ipProcesses.run(() => listInterfaces());
      },
      'throughput.start': (request, context) =>
        this.throughput.start(
          {
            iface: request.iface,
            intervalMs: request.intervalMs,
            linkSpeedMbps: request.linkSpeedMbps,
            carrier: request.carrier,
          },
          context.clientId,
        ),
      'throughput.stop': (request, context) => ({ stopped: this.throughput.stop(request.sessionId, context.clientId) }),
      'report.model': (request) => loadReportModel(this.audits.dirOf(request.auditId)),
      'audits.list': () => listSavedAudits(options.auditsRoot ?? defaultAuditsRoot(), this.audits, (dir) => this.guided.isActive(dir)),
      'audits.sample': () => sampleAuditSummary(this.audits),
      'audits.open': (r) => openSavedAudit(this.audits.dirOf(r.auditId), r.auditId),
      'audits.compare': (r) => compareBundles(this.audits.dirOf(r.baseId), this.audits.dirOf(r.auditId)),
      'evidence.list': (r) => listEvidence(this.audits.dirOf(r.auditId)),
      'evidence.read': (r) => readEvidencePage(this.audits.dirOf(r.auditId), r.file, r.offset),
      'privileges.status': () => this.privileges.status(),
      'privileges.elevate': (r) => this.privileges.elevate(r.password, r.method),
      'audit.start': (r) => this.guided.startOn(r.identity, r.target, r.linkSpeedMbps, r.gateway),
      'audit.runStep': (r) => this.guided.runStep(r.auditId, r.step, r.durationS, r.pingCount),
      'audit.skip': (r) => this.guided.skip(r.auditId, r.step, r.reason),
      'audit.note': (r) => this.guided.note(r.auditId, r.step, r.text),
      // The terminal's transcript ends before the bundle is sealed closed (finished or abandoned).
      'audit.finish': (r) => (this.terminals.closeAudit(r.auditId), this.guided.finish(r.auditId, r.paper, r.signedBy)),
      'audit.abandon': (r) => (this.terminals.closeAudit(r.auditId), this.guided.abandon(r.auditId, r.reason)),
      // A draft leaves the audit open: its terminal stays.
      'audit.exportPdf': (r) => this.guided.exportPdf(r.auditId, r.paper),
      'audit.cancel': (r) => this.guided.cancel(r.auditId),
      'audit.current': () => this.guided.current(),
      'audit.resume': (r) => this.guided.resume(r.auditId),
      'baseline.import': (r) => this.baselines.import(r),
      'baseline.get': (r) => this.baselines.state(r.auditId),
      'target.state': () => this.target.state(),
      'target.connect': (r) => this.target.connect(r),
      'target.elevate': (r) => this.target.elevate(r.password),
      'target.disconnect': () => this.target.disconnect(),
      'target.profiles': () => profilesCall(() => this.profiles.list()),
      'target.saveProfile': (r) => profilesCall(() => this.profiles.save(r)),
      'target.deleteProfile': (r) => profilesCall(() => this.profiles.delete(r.name)),
      'terminal.open': (r, c) => this.terminals.open(r.auditId, r.cols, r.rows, c.clientId),
      'terminal.write': (r, c) => this.terminals.write(r.terminalId, r.data, r.origin, c.clientId),
      'terminal.resize': (r, c) => this.terminals.resize(r.terminalId, r.cols, r.rows, c.clientId),
      'terminal.close': (r, c) => this.terminals.close(r.terminalId, c.clientId),
    };
    this.dispatch = createDispatcher(handlers, log);
  }

  clientGone(clientId: string): void {
    this.throughput.stopClient(clientId);
    this.terminals.clientGone(clientId);
  }

  dispose(): void {
    this.throughput.stopAll();
    this.terminals.dispose();
    void this.guided.dispose();
    void this.privileges.close();
    void this.target.close();
  }
}

/** A profiles file refused (or not writable) is the auditor's one line, not an internal error. */
function profilesCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof ProfilesRefused || (error as Error).name === 'OutputRefused') throw new UserFacingError((error as Error).message);
    throw error;
  }
}
