import type { PaperSize } from '../../../shared/report/model';
import { FLEET_PRINT_CHANNEL, fleetPrintPage, type FleetSummary } from '../../../shared/fleet';
import { printPageHeadless } from '../../report/printPdfHeadless';
import { pageFooter } from '../../report/printable';

/** The fleet table as a PDF, through the report's own headless printer (renderer/fleet.html). */
export async function printFleetPdf(summary: FleetSummary, out: string, paper: PaperSize, rendererRoot: string): Promise<void> {
  const untrusted = summary.rows.filter((r) => r.risk === 'untrusted').length;
  await printPageHeadless({
    page: fleetPrintPage(paper),
    model: { channel: FLEET_PRINT_CHANNEL, accepts: () => true, value: summary },
    out,
    paper,
    rendererRoot,
    footerTemplate: pageFooter(
      `PPTP fleet summary · ${summary.rows.length} bundles${untrusted > 0 ? ` · ${untrusted} failing verification` : ''} · ${summary.generatedAt.slice(0, 10)}`,
    ),
  });
}
