import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { PaperSize } from '../../shared/report/model';
import { writeOutputFile } from '../evidence/safeWrite';
import { PushHub } from '../backend/pushHub';
import { startLoopbackServer, type BackendPort } from '../server/loopbackServer';
import { loadReportModel } from './loadReportModel';
import { assertPrintable, footerTemplate } from './printable';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Runs inside the page (serialised by Playwright, so self-contained); typed by hand because
 * this file is checked without the DOM library. '' until the report is drawn.
 */
function reportReady(): string {
  return (globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body
    .dataset.reportReady ?? '';
}

export function chromiumPath(): string | null {
  const candidates = [process.env.PPTP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '' && existsSync(c)) ?? null;
}

/**
 * Prints the report of an evidence bundle without Electron: the same React print layout,
 * served by the loopback binding, rendered by headless Chromium. The PDF is written by
 * writeOutputFile (exclusive random temp, rename), so a failure never leaves half a report
 * behind and no planted link is written through.
 */
export async function printReportPdf(
  dir: string,
  out: string,
  paper: PaperSize,
  rendererRoot: string,
  options: { allowTampered?: boolean } = {},
): Promise<{ pages: number | null }> {
  const model = loadReportModel(dir);
  assertPrintable(dir, model, options.allowTampered ?? false);
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium is needed to print the report (apt install chromium, or set PPTP_CHROMIUM)');
  // A backend of one channel: the printer serves this bundle's model and nothing else.
  const auditId = 'print';
  const backend: BackendPort = {
    hub: new PushHub(),
    clientGone: () => {},
    dispatch: async (channel, payload) =>
      channel === 'report.model' && (payload as { auditId?: unknown })?.auditId === auditId
        ? { ok: true, value: model }
        : { ok: false, error: { code: 'unknown-channel', message: 'the report printer serves only the report model' } },
  };
  const server = await startLoopbackServer({ backend, rendererRoot });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}report.html#audit=${auditId}&paper=${paper}`);
    // Functions, not strings: a string would be eval'd in the page, which its CSP forbids.
    await page.waitForFunction(reportReady, undefined, { timeout: 60_000 });
    const state = await page.evaluate(reportReady);
    if (state !== '1') {
      throw new Error(`the report could not be drawn: ${await page.locator('#report').innerText()}`);
    }
    const site = model.identity.site;
    const bundleId = model.bundleId;
    const pdf = await page.pdf({
      format: paper,
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(site, bundleId),
    });
    writeOutputFile(out, pdf);
    return { pages: null };
  } finally {
    await browser.close();
    await server.close();
  }
}
