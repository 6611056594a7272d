import { createRoot } from 'react-dom/client';
import { createLoopbackTransport } from '../api/loopbackTransport';
import type { InvokeName } from '../../../shared/ipc/contract';
import { FLEET_PRINT_CHANNEL, type FleetSummary } from '../../../shared/fleet';
import type { PaperSize } from '../../../shared/report/model';
import { FleetDocument } from './FleetDocument';
import '../report/report.css';
import './fleet.css';

/**
 * The fleet print layout. Opened as fleet.html#paper=A4|Letter by the headless printer, whose
 * stand-in backend answers FLEET_PRINT_CHANNEL only; sets data-report-ready once drawn, like
 * the report page, so one printer serves both.
 */
async function main() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const paper: PaperSize = params.get('paper') === 'Letter' ? 'Letter' : 'A4';
  const root = createRoot(document.getElementById('report')!);
  try {
    const wsUrl = new URL('ws', window.location.href);
    wsUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    // The channel is the printer's own, outside the app's contract (see shared/fleet/print.ts).
    const envelope = await createLoopbackTransport(wsUrl.toString()).invoke(FLEET_PRINT_CHANNEL as InvokeName, {});
    if (!envelope.ok) throw new Error(envelope.error.message);
    root.render(<FleetDocument summary={envelope.value as FleetSummary} paper={paper} />);
    requestAnimationFrame(() => requestAnimationFrame(() => (document.body.dataset.reportReady = '1')));
  } catch (error) {
    root.render(<p className="report-error">Fleet summary unavailable: {error instanceof Error ? error.message : String(error)}</p>);
    document.body.dataset.reportReady = 'error';
  }
}

void main();
