import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PaperSize, ReportModel } from '../../shared/report/model';
import { writeOutputFile } from '../evidence/safeWrite';
import { PushHub } from '../backend/pushHub';
import { startLoopbackServer, type BackendPort, type RunningLoopbackServer } from '../server/loopbackServer';
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
 * Extra flags for the printer's Chromium from PPTP_CHROMIUM_FLAGS (space-separated `--name` or
 * `--name=value`), for machines where Chromium needs them — e.g. `--single-process --no-zygote
 * --js-flags=--jitless` under User-Mode Linux. Anything else is refused, never passed on.
 */
export function extraChromiumFlags(value = process.env.PPTP_CHROMIUM_FLAGS ?? ''): string[] {
  const flags = value.split(/\s+/).filter((f) => f !== '');
  const bad = flags.find((f) => !/^--[a-z0-9][a-z0-9-]*(=[A-Za-z0-9_.,:=\/-]*)?$/.test(f));
  if (bad !== undefined) throw new Error(`PPTP_CHROMIUM_FLAGS: ${JSON.stringify(bad.slice(0, 60))} is not a --flag or --flag=value`);
  return flags;
}

/*
 * The functions below run inside the page (serialised by Playwright, so self-contained); typed
 * by hand because this file is checked without the DOM library. Functions, never strings: a
 * string would be eval'd in the page, which its CSP forbids.
 */
type PageBody = { document: { body: { dataset: Record<string, string | undefined> } }; location: { hash: string } };

/** The layout is loaded with nothing drawn, waiting for a hash naming what to print. */
function standingBy(): boolean {
  return (globalThis as unknown as PageBody).document.body.dataset.reportStandby === '1';
}

/** The layout finished drawing this print ('1' or 'error'); '' until then. */
function drawnFor(printId: string): string {
  const data = (globalThis as unknown as PageBody).document.body.dataset;
  return data.reportFor === printId ? (data.reportReady ?? '') : '';
}

/** The layout's own account of its drawing, in ms (see reportMain.tsx). */
function drawingSplit(): string {
  return (globalThis as unknown as PageBody).document.body.dataset.reportMs ?? '';
}

/** Asks the layout to draw another print (or, with '', to clear and stand by). */
function showHash(hash: string): void {
  (globalThis as unknown as PageBody).location.hash = hash;
}

export function chromiumPath(): string | null {
  const candidates = [process.env.PPTP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '' && existsSync(c)) ?? null;
}

/** One model a print page asks for: the printer's stand-in backend answers this channel only. */
export interface PrintedModel {
  channel: string;
  /** Does the page ask for this model (e.g. the right one-use print id)? */
  accepts: (payload: unknown) => boolean;
  value: unknown;
}

/** What one print draws: a print layout of the renderer, the model it asks for, and its footer. */
export interface PrintJob {
  /** Path and hash under the renderer root, e.g. `fleet.html#fleet=<id>&paper=A4`. */
  page: string;
  model: PrintedModel;
  footerTemplate: string;
}

/**
 * The phases of one print, named as they end (for the benchmark's per-phase timestamps):
 * start (the print began: the CLI's code and Playwright are loaded), model (bundle verified and read), browser (Chromium and the page server up), page (the report
 * layout loaded and standing by), drawn (the layout drew the model), pdf (Chromium printed),
 * written (the file is in place).
 */
export type PrintPhase = 'start' | 'model' | 'browser' | 'page' | 'drawn' | 'pdf' | 'written';
/** In the page, of the drawn phase (ms): the model's fetch, React's render, the charts' layout frames. */
export interface DrawSplit {
  fetchMs: number;
  renderMs: number;
  layoutMs: number;
}
export type PhaseObserver = (phase: PrintPhase, split?: DrawSplit) => void;

/** Chromium and the loopback page server the print layouts are drawn from, started once per printer. */
interface PrintEngine {
  browser: Browser;
  server: RunningLoopbackServer;
  /** The models being printed, by the one-use id of their print: the server serves nothing else. */
  models: Map<string, PrintedModel>;
  /** The report layout loaded and waiting for a print (a warm printer keeps one). */
  standby: Promise<Page> | null;
}

const noPhases: PhaseObserver = () => {};

/**
 * PPTP_PRINT_TIMING=1: each phase of a print on stderr, in ms since the process started (the
 * PDF benchmark reads them from the CLI; nothing else prints them).
 */
function phasesFromEnvironment(): PhaseObserver {
  if (process.env.PPTP_PRINT_TIMING !== '1') return noPhases;
  return (phase, split) =>
    process.stderr.write(`print-timing ${phase} ${Math.round(performance.now())}${split ? ` ${JSON.stringify(split)}` : ''}\n`);
}

/** Generous: a jitless Chromium (User-Mode Linux, PPTP_CHROMIUM_FLAGS) draws the charts slowly. */
const DRAW_TIMEOUT_MS = 180_000;

/**
 * This module imports playwright-core and the loopback server (ws) statically on purpose: its
 * callers (the CLI's report, audit and fleet actions, AuditService.exportPdf) import it with a
 * dynamic import(), which esbuild turns into a lazy module initialiser, so nothing of it is loaded
 * before the first print. A dynamic import('playwright-core') here would instead go through Node's
 * ESM loader, whose CommonJS export scan of playwright's bundles costs more than a second.
 */
async function startEngine(rendererRoot: string): Promise<PrintEngine> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium is needed to print the report (apt install chromium, or set PPTP_CHROMIUM)');
  const models = new Map<string, PrintedModel>();
  // A backend of the print models only: the printer serves what it is printing and nothing else.
  const backend: BackendPort = {
    hub: new PushHub(),
    clientGone: () => {},
    dispatch: async (channel, payload) => {
      const model = [...models.values()].find((m) => m.channel === channel && m.accepts(payload));
      return model
        ? { ok: true, value: model.value }
        : { ok: false, error: { code: 'unknown-channel', message: 'the printer serves only the models it is printing' } };
    },
  };
  const [server, browser] = await Promise.all([
    startLoopbackServer({ backend, rendererRoot }),
    chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS, ...extraChromiumFlags()], headless: true }),
  ]);
  return { browser, server, models, standby: null };
}

async function stopEngine(engine: PrintEngine): Promise<void> {
  await Promise.allSettled([engine.browser.close(), engine.server.close()]);
}

/** Chromium prints what the page shows, with the job's footer on every page. */
function pdfOf(page: Page, paper: PaperSize, footer: string): Promise<Buffer> {
  return page.pdf({
    format: paper,
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: footer,
  });
}

/**
 * One print of a layout opened for it: a fresh page (own context, nothing shared between prints),
 * drawn (the layout draws and sets body[data-report-ready] to '1' or 'error'), printed, and
 * written by writeOutputFile (exclusive random temp, rename), so a failure never leaves half a
 * PDF behind and no planted link is written through. The fleet table prints this way.
 */
async function printWith(engine: PrintEngine, jobFor: (printId: string) => PrintJob, out: string, paper: PaperSize): Promise<void> {
  const printId = `print-${randomBytes(8).toString('hex')}`;
  const job = jobFor(printId);
  engine.models.set(printId, job.model);
  const context = await engine.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${engine.server.url}${job.page}`);
    await page.waitForFunction(reportReady, undefined, { timeout: DRAW_TIMEOUT_MS });
    if ((await page.evaluate(reportReady)) !== '1') {
      throw new Error(`the report could not be drawn: ${await page.locator('#report').innerText()}`);
    }
    writeOutputFile(out, await pdfOf(page, paper, job.footerTemplate));
  } finally {
    engine.models.delete(printId);
    await context.close().catch(() => undefined);
  }
}

/** '' until a layout opened at its own hash (the fleet table) is drawn, then '1' or 'error'. */
function reportReady(): string {
  return (globalThis as unknown as PageBody).document.body.dataset.reportReady ?? '';
}

/**
 * The report layout (report.html) loaded in a page of its own (own context) and standing by:
 * the bundle is fetched, parsed and compiled once, and each print only changes the hash.
 */
async function openReportPage(engine: PrintEngine): Promise<Page> {
  const page = await engine.browser.newPage();
  try {
    await page.goto(`${engine.server.url}report.html`);
    await page.waitForFunction(standingBy, undefined, { timeout: DRAW_TIMEOUT_MS });
    return page;
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
}

/** The engine's standby report page, taken for one print (another print meanwhile opens its own). */
function takeReportPage(engine: PrintEngine): Promise<Page> {
  const page = engine.standby ?? openReportPage(engine);
  engine.standby = null;
  return page;
}

/** A page whose print went well stands by for the next one; any other is closed, never reused. */
async function giveBackReportPage(engine: PrintEngine, page: Page, reusable: boolean): Promise<void> {
  if (reusable && engine.standby === null && !page.isClosed()) {
    try {
      // Clears the drawn report (the layout unmounts it): nothing of this print stays in the page.
      await page.evaluate(showHash, '');
      await page.waitForFunction(standingBy, undefined, { timeout: DRAW_TIMEOUT_MS });
      engine.standby = Promise.resolve(page);
      return;
    } catch {
      // fall through: a page that cannot clear itself is closed
    }
  }
  await page.close().catch(() => undefined);
}

/**
 * One report print through an engine, on its standby report page: the layout is asked by hash
 * for the print's one-use id, fetches that model (the only one the server serves it), draws it
 * and says it drew that id ('1' or 'error'); Chromium prints it; writeOutputFile writes it
 * (exclusive random temp, rename), so a failure never leaves half a PDF behind and no planted
 * link is written through. Then the page clears the report and stands by again.
 */
async function printReportWith(engine: PrintEngine, model: ReportModel, out: string, paper: PaperSize, phase: PhaseObserver): Promise<void> {
  const printId = `print-${randomBytes(8).toString('hex')}`;
  engine.models.set(printId, {
    channel: 'report.model',
    accepts: (payload) => (payload as { auditId?: unknown } | null)?.auditId === printId,
    value: model,
  });
  let page: Page | null = null;
  let reusable = false;
  try {
    page = await takeReportPage(engine);
    phase('page');
    await page.evaluate(showHash, `audit=${printId}&paper=${paper}`);
    await page.waitForFunction(drawnFor, printId, { timeout: DRAW_TIMEOUT_MS });
    if ((await page.evaluate(drawnFor, printId)) !== '1') {
      throw new Error(`the report could not be drawn: ${await page.locator('#report').innerText()}`);
    }
    if (phase !== noPhases) {
      const [fetchMs = NaN, renderMs = NaN, layoutMs = NaN] = (await page.evaluate(drawingSplit)).split(' ').map(Number);
      phase('drawn', { fetchMs, renderMs, layoutMs });
    }
    const pdf = await pdfOf(page, paper, footerTemplate(model.identity.site, model.bundleId));
    phase('pdf');
    writeOutputFile(out, pdf);
    phase('written');
    reusable = true;
  } finally {
    engine.models.delete(printId);
    if (page) await giveBackReportPage(engine, page, reusable);
  }
}

/** Prints one print layout cold (own browser, stopped after): the fleet table and other one-off prints. */
export async function printPageHeadless(options: { out: string; paper: PaperSize; rendererRoot: string } & PrintJob): Promise<void> {
  const engine = await startEngine(options.rendererRoot);
  try {
    await printWith(engine, () => options, options.out, options.paper);
  } finally {
    await stopEngine(engine);
  }
}

/** The verified model of a bundle, refused when tampered unless the caller allows it. */
function printableModel(dir: string, allowTampered: boolean): ReportModel {
  const model = loadReportModel(dir);
  assertPrintable(dir, model, allowTampered);
  return model;
}

/**
 * Keeps one Chromium, its page server and a report page standing by between exports, so a
 * click on "Export PDF" costs the model, drawing and printing, not a browser start nor loading
 * the layout (issue 14: seconds, not a cold start each time). Started by the first print (or
 * prewarm), closed after `idleMs` without a print so an idle app does not keep a browser, and
 * by close() when the backend shuts down. A browser that died is replaced on the next print,
 * and a report page whose print failed is closed and replaced.
 */
export class WarmReportPrinter {
  /** Browsers started so far (one for any number of exports, unless one died or idled out). */
  starts = 0;
  private engine: Promise<PrintEngine> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private printing = 0;
  private closed = false;

  constructor(
    private readonly rendererRoot: string,
    private readonly idleMs = 10 * 60_000,
  ) {}

  /** Starts the browser and loads the report layout ahead of the first print (a failure surfaces at that print). */
  prewarm(): void {
    if (this.closed || chromiumPath() === null) return;
    this.obtain()
      .then((engine) => {
        engine.standby ??= openReportPage(engine);
        engine.standby.catch(() => {
          engine.standby = null;
        });
      })
      .catch(() => undefined);
    this.armIdle();
  }

  async print(
    dir: string,
    out: string,
    paper: PaperSize,
    options: { allowTampered?: boolean; onPhase?: PhaseObserver } = {},
  ): Promise<{ pages: number | null }> {
    if (this.closed) throw new Error('the report printer is closed');
    const phase = options.onPhase ?? phasesFromEnvironment();
    const model = printableModel(dir, options.allowTampered ?? false);
    phase('model');
    this.printing++;
    this.disarmIdle();
    try {
      const engine = await this.obtain();
      phase('browser');
      await printReportWith(engine, model, out, paper, phase);
      return { pages: null };
    } finally {
      this.printing--;
      this.armIdle();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.disarmIdle();
    await this.release();
  }

  private obtain(): Promise<PrintEngine> {
    if (this.engine === null) {
      this.starts++;
      const starting = startEngine(this.rendererRoot);
      this.engine = starting;
      starting.then(
        (engine) => engine.browser.on('disconnected', () => {
          if (this.engine === starting) this.engine = null;
          void engine.server.close().catch(() => undefined);
        }),
        () => {
          if (this.engine === starting) this.engine = null;
        },
      );
    }
    return this.engine;
  }

  private async release(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    if (engine) await engine.then(stopEngine, () => undefined);
  }

  private armIdle(): void {
    this.disarmIdle();
    if (this.closed || this.printing > 0) return;
    this.idleTimer = setTimeout(() => void this.release(), this.idleMs);
    // An idle browser must not keep a CLI or test process alive.
    this.idleTimer.unref();
  }

  private disarmIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/**
 * Prints the report of an evidence bundle without Electron: the same React print layout,
 * served by the loopback binding, rendered by headless Chromium. Cold: starts and stops its
 * own browser (the CLI); pass `warm` to print through a printer kept running between exports
 * (the app). Cold, Chromium starts first and boots while the bundle is verified and read (a
 * tampered bundle stops it again, unprinted).
 */
export async function printReportPdf(
  dir: string,
  out: string,
  paper: PaperSize,
  rendererRoot: string,
  options: { allowTampered?: boolean; warm?: WarmReportPrinter; onPhase?: PhaseObserver } = {},
): Promise<{ pages: number | null }> {
  if (options.warm) return options.warm.print(dir, out, paper, options);
  const phase = options.onPhase ?? phasesFromEnvironment();
  phase('start');
  const starting = startEngine(rendererRoot);
  // Handled where it is awaited; this only keeps an early failure (no Chromium) from counting
  // as unhandled while the bundle is read.
  starting.catch(() => undefined);
  // Let the launch reach Chromium's spawn before the synchronous bundle read holds the thread.
  await new Promise((resolve) => setTimeout(resolve, 0));
  let model: ReportModel;
  try {
    model = printableModel(dir, options.allowTampered ?? false);
  } catch (error) {
    await starting.then(stopEngine, () => undefined);
    throw error;
  }
  phase('model');
  const engine = await starting;
  phase('browser');
  try {
    await printReportWith(engine, model, out, paper, phase);
    return { pages: null };
  } finally {
    await stopEngine(engine);
  }
}
