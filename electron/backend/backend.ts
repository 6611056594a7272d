import { createDispatcher, type Dispatch, type Handlers } from './dispatcher';
import { PushHub } from './pushHub';
import { ThroughputService } from './throughputService';
import { listInterfaces } from '../collectors/interfaces/listInterfaces';
import { AuditRegistry } from './auditRegistry';
import { loadReportModel } from '../report/loadReportModel';

/**
 * The Node backend behind every binding: services plus the handler table of the contract.
 * It imports nothing from Electron, so it runs the same under the Electron shell, under
 * `pptp-auditor serve`, and in tests.
 */
export class Backend {
  readonly hub = new PushHub();
  readonly throughput = new ThroughputService(this.hub);
  readonly audits = new AuditRegistry();
  readonly dispatch: Dispatch;

  constructor(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
    const handlers: Handlers = {
      'interfaces.list': () => listInterfaces(),
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
      'throughput.stop': (request) => ({ stopped: this.throughput.stop(request.sessionId) }),
      'report.model': (request) => loadReportModel(this.audits.dirOf(request.auditId)),
    };
    this.dispatch = createDispatcher(handlers, log);
  }

  clientGone(clientId: string): void {
    this.throughput.stopClient(clientId);
  }

  dispose(): void {
    this.throughput.stopAll();
  }
}
