import { createDispatcher, UserFacingError, type Dispatch, type Handlers } from './dispatcher';
import type { TargetState } from '../../shared/ipc/channels/target';
import { PushHub } from './pushHub';
import { ThroughputService } from './throughputService';
import { listInterfaces } from '../collectors/interfaces/listInterfaces';
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
export class Backend {
  readonly hub = new PushHub();
  readonly throughput = new ThroughputService(this.hub);
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
    options: AuditServiceOptions = {},
  ) {
    this.privileges = new PrivilegeService(() => options.auditsRoot ?? defaultAuditsRoot());
    this.guided = new AuditService(this.audits, this.hub, () => this.privileges.runner(), options);
    this.baselines = new LongTermBaselineImports(this.guided, this.audits, this.hub);
    this.terminals = new TerminalService(this.hub, (auditId) => openAuditBundle(this.guided, auditId));
    const handlers: Handlers = {
      'interfaces.list': () => this.ipProcesses.run(() => listInterfaces()),
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
      'audit.start': (r) => this.guided.start(r.identity, r.target, r.linkSpeedMbps),
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
      // Issue 12, GUI targets: placeholders until the target service lands (this machine only).
      'target.state': () => localOnlyState(),
      'target.connect': () => Promise.reject(new UserFacingError('gateways over SSH are not available in this build yet')),
      'target.elevate': () => Promise.reject(new UserFacingError('no gateway is connected')),
      'target.disconnect': () => localOnlyState(),
      'target.profiles': () => [],
      'target.saveProfile': () => Promise.reject(new UserFacingError('gateways over SSH are not available in this build yet')),
      'target.deleteProfile': () => [],
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
  }
}

function localOnlyState(): TargetState {
  const supported = process.platform === 'linux';
  return { state: 'local', target: null, hostKey: null, privilege: null, gateway: null, message: null, events: [], local: { supported, reason: supported ? null : 'the collectors run on Linux only' } };
}
