import { BrowserWindow } from 'electron';
import type { Backend } from '../backend/backend';
import { writeOutputFile } from '../evidence/safeWrite';
import { assertPrintable, footerTemplate } from '../report/printable';
import { loadReportModel } from '../report/loadReportModel';
import { lockDownContents } from './lockdown';
import { APP_ORIGIN, secureWebPreferences } from './policy';

/**
 * Prints the report with Electron's own printToPDF: a hidden, equally hardened window loads
 * the print layout of the bundle, waits until it is drawn, and prints it.
 */
export function electronPdfPrinter(backend: Backend, preloadPath: string) {
  return async (dir: string, out: string, paper: 'A4' | 'Letter'): Promise<void> => {
    const auditId = backend.audits.register(dir);
    const model = loadReportModel(dir);
    assertPrintable(dir, model, false);
    const window = new BrowserWindow({ show: false, webPreferences: secureWebPreferences(preloadPath) });
    // Hidden is no excuse: a drawn report is page content like any other.
    lockDownContents(window.webContents);
    try {
      await window.loadURL(`${APP_ORIGIN}/report.html#audit=${auditId}&paper=${paper}`);
      const deadline = Date.now() + 60_000;
      let state = '';
      while (state === '' && Date.now() < deadline) {
        state = String(await window.webContents.executeJavaScript('document.body.dataset.reportReady ?? ""'));
        if (state === '') await new Promise((r) => setTimeout(r, 100));
      }
      if (state !== '1') throw new Error('the report could not be drawn');
      const pdf = await window.webContents.printToPDF({
        pageSize: paper,
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footerTemplate(model.identity.site, model.bundleId),
      });
      writeOutputFile(out, pdf);
    } finally {
      window.destroy();
    }
  };
}
