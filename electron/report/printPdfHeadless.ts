import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
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
  /** Does the page ask for this model (e.g. the right one-use print id)? */
  accepts: (payload: unknown) => boolean;
  value: unknown;
}

/** What one print draws: a print layout of the renderer, the model it asks for, and its footer. */
export interface PrintJob {
  /** Path and hash under the renderer root, e.g. `report.html#audit=<id>&paper=A4`. */
  page: string;
  model: PrintedModel;
  footerTemplate: string;
}

/** Chromium and the loopback page server the print layouts are drawn from, started once per printer. */
interface PrintEngine {
  browser: Browser;
  server: RunningLoopbackServer;
  /** The models being printed, by the one-use id of their print: the server serves nothing else. */
  models: Map<string, PrintedModel>;
}

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
  return { browser, server, models };
}

async function stopEngine(engine: PrintEngine): Promise<void> {
  await Promise.allSettled([engine.browser.close(), engine.server.close()]);
}

/**
 * One print through an engine: a fresh page (own context, nothing shared between prints), drawn
 * (the layout draws into #report and sets body[data-report-ready] to '1' or 'error'), printed,
 * and written by writeOutputFile (exclusive random temp, rename), so a failure never leaves half
 * a PDF behind and no planted link is written through.
 */
async function printWith(engine: PrintEngine, jobFor: (printId: string) => PrintJob, out: string, paper: PaperSize): Promise<void> {
  const printId = `print-${randomBytes(8).toString('hex')}`;
  const job = jobFor(printId);
  engine.models.set(printId, job.model);
  const context = await engine.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${engine.server.url}${job.page}`);
    // Functions, not strings: a string would be eval'd in the page, which its CSP forbids.
    // Generous: a jitless Chromium (User-Mode Linux, PPTP_CHROMIUM_FLAGS) draws the charts slowly.
    await page.waitForFunction(reportReady, undefined, { timeout: 180_000 });
    const state = await page.evaluate(reportReady);
    if (state !== '1') {
      throw new Error(`the report could not be drawn: ${await page.locator('#report').innerText()}`);
    }
    const pdf = await page.pdf({
      format: paper,
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: job.footerTemplate,
    });
    writeOutputFile(out, pdf);
  } finally {
    engine.models.delete(printId);
    await context.close().catch(() => undefined);
  }
}

/** The audit report's print job: the report layout asks for its model by the print's one-use id. */
function reportJob(model: ReportModel, paper: PaperSize): (printId: string) => PrintJob {
  return (printId) => ({
    page: `report.html#audit=${printId}&paper=${paper}`,
    model: { channel: 'report.model', accepts: (payload) => (payload as { auditId?: unknown } | null)?.auditId === printId, value: model },
    footerTemplate: footerTemplate(model.identity.site, model.bundleId),
  });
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

/**
 * Keeps one Chromium and its page server running between exports, so a click on "Export PDF"
 * costs drawing and printing, not a browser start (issue 14: seconds, not a cold start each
 * time). Started by the first print (or prewarm), closed after `idleMs` without a print so an
 * idle app does not keep a browser, and by close() when the backend shuts down. A browser that
 * died is replaced on the next print.
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

  /** Starts the browser ahead of the first print (a failure surfaces at that print). */
  prewarm(): void {
    if (this.closed || chromiumPath() === null) return;
    this.obtain().catch(() => undefined);
    this.armIdle();
  }

  async print(dir: string, out: string, paper: PaperSize, options: { allowTampered?: boolean } = {}): Promise<{ pages: number | null }> {
    if (this.closed) throw new Error('the report printer is closed');
    const model = loadReportModel(dir);
    assertPrintable(dir, model, options.allowTampered ?? false);
    this.printing++;
    this.disarmIdle();
    try {
      const engine = await this.obtain();
      await printWith(engine, reportJob(model, paper), out, paper);
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
 * served by the loopback binding, rendered by headless Chromium. The PDF is written by
 * writeOutputFile (exclusive random temp, rename), so a failure never leaves half a report
 * behind and no planted link is written through. Cold: starts and stops its own browser
 * (the CLI); pass `warm` to print through a printer kept running between exports (the app).
 */
export async function printReportPdf(
  dir: string,
  out: string,
  paper: PaperSize,
  rendererRoot: string,
  options: { allowTampered?: boolean; warm?: WarmReportPrinter } = {},
): Promise<{ pages: number | null }> {
  if (options.warm) return options.warm.print(dir, out, paper, options);
  const model = loadReportModel(dir);
  assertPrintable(dir, model, options.allowTampered ?? false);
  const engine = await startEngine(rendererRoot);
  try {
    await printWith(engine, reportJob(model, paper), out, paper);
    return { pages: null };
  } finally {
    await stopEngine(engine);
  }
}
