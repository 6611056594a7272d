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

/** One model a print page asks for: the printer's stand-in backend answers this channel only. */
export interface PrintedModel {
  channel: string;
  /** Does the page ask for this model (e.g. the right audit id)? */
  accepts: (payload: unknown) => boolean;
  value: unknown;
}

/**
 * Prints one of the renderer's print layouts without Electron: the page is served by the
 * loopback binding with a backend of one channel (the model it draws), rendered by headless
 * Chromium, and written by writeOutputFile (exclusive random temp, rename), so a failure never
 * leaves half a PDF behind and no planted link is written through. A print page draws into
 * #report and sets body[data-report-ready] to '1' (or 'error') once drawn.
 */
export async function printPageHeadless(options: {
  /** Path and hash under the renderer root, e.g. `report.html#audit=print&paper=A4`. */
  page: string;
  model: PrintedModel;
  out: string;
  paper: PaperSize;
  rendererRoot: string;
  footerTemplate: string;
}): Promise<void> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium is needed to print the report (apt install chromium, or set PPTP_CHROMIUM)');
  const { model } = options;
  const backend: BackendPort = {
    hub: new PushHub(),
    clientGone: () => {},
    dispatch: async (channel, payload) =>
      channel === model.channel && model.accepts(payload)
        ? { ok: true, value: model.value }
        : { ok: false, error: { code: 'unknown-channel', message: `the printer serves only ${model.channel}` } },
  };
  const server = await startLoopbackServer({ backend, rendererRoot: options.rendererRoot });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}${options.page}`);
    // Functions, not strings: a string would be eval'd in the page, which its CSP forbids.
    await page.waitForFunction(reportReady, undefined, { timeout: 60_000 });
    const state = await page.evaluate(reportReady);
    if (state !== '1') {
      throw new Error(`the report could not be drawn: ${await page.locator('#report').innerText()}`);
    }
    const pdf = await page.pdf({
      format: options.paper,
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: options.footerTemplate,
    });
    writeOutputFile(options.out, pdf);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Prints the report of an evidence bundle without Electron: the same React print layout as the app's. */
export async function printReportPdf(
  dir: string,
  out: string,
  paper: PaperSize,
  rendererRoot: string,
  options: { allowTampered?: boolean } = {},
): Promise<{ pages: number | null }> {
  const model = loadReportModel(dir);
  assertPrintable(dir, model, options.allowTampered ?? false);
  const auditId = 'print';
  await printPageHeadless({
    page: `report.html#audit=${auditId}&paper=${paper}`,
    model: { channel: 'report.model', accepts: (payload) => (payload as { auditId?: unknown })?.auditId === auditId, value: model },
    out,
    paper,
    rendererRoot,
    footerTemplate: footerTemplate(model.identity.site, model.bundleId),
  });
  return { pages: null };
}
