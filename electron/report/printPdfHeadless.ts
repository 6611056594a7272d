import { existsSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { PaperSize } from '../../shared/report/model';
import { PushHub } from '../backend/pushHub';
import { startLoopbackServer, type BackendPort } from '../server/loopbackServer';
import { loadReportModel } from './loadReportModel';

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

/** Page footer of every page: the site, the bundle id and "page N of M". */
export function footerTemplate(site: string, bundleId: string): string {
  const esc = (t: string) => t.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<div style="font-family: 'DejaVu Sans', sans-serif; font-size: 7pt; color: #5b6776; width: 100%; padding: 0 15mm; display: flex; justify-content: space-between;">
    <span>PPTP audit · ${esc(site)} · bundle ${esc(bundleId.slice(0, 8))}</span>
    <span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/**
 * Prints the report of an evidence bundle without Electron: the same React print layout,
 * served by the loopback binding, rendered by headless Chromium. The PDF is written next to
 * its final name and renamed, so a failure never leaves half a report behind.
 */
export async function printReportPdf(dir: string, out: string, paper: PaperSize, rendererRoot: string): Promise<{ pages: number | null }> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium is needed to print the report (apt install chromium, or set PPTP_CHROMIUM)');
  // A backend of one channel: the printer serves this bundle's model and nothing else.
  const auditId = 'print';
  const model = loadReportModel(dir);
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
  const temp = `${out}.tmp-${process.pid}`;
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
    await page.pdf({
      path: temp,
      format: paper,
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(site, bundleId),
    });
    renameSync(temp, path.resolve(out));
    return { pages: null };
  } catch (error) {
    if (existsSync(temp)) unlinkSync(temp);
    throw error;
  } finally {
    await browser.close();
    await server.close();
  }
}
