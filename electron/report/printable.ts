import type { ReportModel } from '../../shared/report/model';

/*
 * What every report printer shares (the headless one and Electron's printToPDF), kept apart
 * from the headless printer so the Electron main process never loads Playwright.
 */

/** Page footer of every page: a label (escaped here) and "page N of M". */
export function pageFooter(label: string): string {
  const esc = (t: string) => t.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<div style="font-family: 'DejaVu Sans', sans-serif; font-size: 7pt; color: #5b6776; width: 100%; padding: 0 15mm; display: flex; justify-content: space-between;">
    <span>${esc(label)}</span>
    <span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** Page footer of every report page: the site, the bundle id and "page N of M". */
export function footerTemplate(site: string, bundleId: string): string {
  return pageFooter(`PPTP audit · ${site} · bundle ${bundleId.slice(0, 8)}`);
}

/** The bundle failed verification and the caller did not ask to print it anyway. */
export class TamperedBundleError extends Error {
  constructor(
    readonly dir: string,
    readonly files: string[],
  ) {
    const shown = files.slice(0, 20).join(', ') + (files.length > 20 ? `, and ${files.length - 20} more` : '');
    super(
      `the evidence bundle ${dir} fails verification (TAMPERED — ${files.length} file${files.length === 1 ? '' : 's'} changed: ${shown}); ` +
        'no report is printed from it. `pptp-auditor verify` names each problem; `report --allow-tampered` prints it marked TAMPERED on every page.',
    );
    this.name = 'TamperedBundleError';
  }
}

/** Every printer (headless and Electron's) refuses a tampered bundle unless asked not to. */
export function assertPrintable(dir: string, model: ReportModel, allowTampered: boolean): void {
  if (model.integrity.verdict === 'tampered' && !allowTampered) throw new TamperedBundleError(dir, model.integrity.files);
}
