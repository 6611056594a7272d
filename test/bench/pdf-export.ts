/**
 * PDF export of a full report (issue 14, target 3: the app within 2 s of the click, the CLI
 * cold within 4 s), beside the cheapest peer: `chromium --headless --print-to-pdf` of the same
 * report as static HTML (no page server, no Playwright, no waiting for data).
 *   npm run bench -- pdf-export          (needs npm run build: dist/cli.cjs and dist/renderer)
 *   node .tmp/bench/pdf-export.mjs [--runs 5] [--from test/fixtures/lab/lossy | --bundle samples/lab-cleartext]
 *
 * The bundle is an offline audit of a real lab scenario's recorded files (`audit --from`), so
 * the report carries every section a real one does. Printed, medians of --runs:
 *  - CLI cold: `pptp-auditor report DIR --out X.pdf`, process start to PDF written;
 *  - app warm: WarmReportPrinter.print (what the browser binding's exportPdf runs once the
 *    printer is warm: the audit's finish() starts it), the click to the PDF written; the first
 *    print after prewarm() (Chromium up, report layout loaded, never drawn yet); and the first
 *    print of a printer nobody prewarmed;
 *  - peer: chromium --headless --print-to-pdf of the drawn report saved as one HTML file.
 * Then where the time goes, median ms per phase (PrintPhase, printPdfHeadless.ts): the CLI's from
 * PPTP_PRINT_TIMING=1 (`start` is process start to the print beginning: node, the CLI, Playwright),
 * the app's from onPhase, the drawing split as the layout measures it (fetch, render, layout).
 * Figures only: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, printReportPdf, WarmReportPrinter, CHROMIUM_FLAGS, type DrawSplit, type PhaseObserver, type PrintPhase } from '../../electron/report/printPdfHeadless';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const RUNS = Math.max(1, Number(arg('--runs', '5')));
const FROM = arg('--from', 'test/fixtures/lab/lossy');
const BUNDLE = arg('--bundle', '');
const CLI = path.resolve('dist/cli.cjs');
const RENDERER = path.resolve('dist/renderer');
const DIR = '/tmp/pptp-auditor-bench/pdf';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const pages = (file: string) => (readFileSync(file).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
const line = (label: string, xs: number[], extra = '') =>
  console.log(`  ${label.padEnd(46)} ${median(xs).toFixed(2).padStart(6)} s  (runs ${xs.map((x) => x.toFixed(2)).join(' ')})${extra}`);

/** Per-phase durations of several prints, printed as medians. */
class PhaseLog {
  private readonly runs: Array<Map<string, number>> = [];
  /** An observer for one print: each phase's duration since the one before. */
  observe(): PhaseObserver {
    const run = new Map<string, number>();
    this.runs.push(run);
    let last = performance.now();
    return (phase: PrintPhase, split?: DrawSplit) => {
      const now = performance.now();
      run.set(phase, now - last);
      last = now;
      if (split) for (const [k, v] of Object.entries(split)) run.set(`  ${k}`, v);
    };
  }
  /** Adds a print whose phases came as `print-timing <phase> <ms since process start> [split]` lines. */
  addTimingLines(stderr: string): void {
    const run = new Map<string, number>();
    let last = 0;
    for (const m of stderr.matchAll(/^print-timing (\w+) (\d+)(?: (\{.*\}))?$/gm)) {
      const at = Number(m[2]);
      run.set(m[1] as string, at - last);
      last = at;
      if (m[3]) for (const [k, v] of Object.entries(JSON.parse(m[3]) as DrawSplit)) run.set(`  ${k}`, v);
    }
    this.runs.push(run);
  }
  print(label: string): void {
    const names = [...new Set(this.runs.flatMap((r) => [...r.keys()]))];
    const cells = names.map((n) => `${n.trim()}${n.startsWith(' ') ? '*' : ''} ${Math.round(median(this.runs.map((r) => r.get(n) ?? 0)))}`);
    console.log(`  ${label.padEnd(22)} ${cells.join(' | ')}`);
  }
}

function makeBundle(): string {
  if (BUNDLE) return path.resolve(BUNDLE);
  const bundle = path.join(DIR, 'bundle');
  rmSync(bundle, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [CLI, 'audit', '--from', FROM, '--iface', 'ppp0', '--carrier', 'eth0', '--remote', '192.168.77.1', '--site', 'Bench substation', '--asset', 'gateway', '--out', bundle, '--no-pdf', '--json'], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 3) throw new Error(`audit --from failed (${r.status}): ${r.stderr.slice(-400)}`);
  return bundle;
}

/** The drawn report as one static HTML file (styles inlined, scripts removed), for the peer. */
async function staticReport(bundle: string): Promise<string> {
  const file = path.join(DIR, 'report-static.html');
  const browser = await chromium.launch({ executablePath: chromiumPath()!, args: CHROMIUM_FLAGS, headless: true });
  try {
    const { startLoopbackServer } = await import('../../electron/server/loopbackServer');
    const { loadReportModel } = await import('../../electron/report/loadReportModel');
    const { PushHub } = await import('../../electron/backend/pushHub');
    const model = loadReportModel(bundle);
    const server = await startLoopbackServer({
      backend: { hub: new PushHub(), clientGone: () => {}, dispatch: async () => ({ ok: true, value: model }) },
      rendererRoot: RENDERER,
    });
    const page = await browser.newPage();
    await page.goto(`${server.url}report.html#audit=x&paper=A4`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.reportReady === '1');
    const html = await page.evaluate(async () => {
      const doc = (globalThis as unknown as { document: { styleSheets: ArrayLike<{ cssRules: ArrayLike<{ cssText: string }> }>; querySelectorAll(s: string): ArrayLike<{ remove(): void }>; documentElement: { outerHTML: string } } }).document;
      let css = '';
      for (const sheet of Array.from(doc.styleSheets)) for (const rule of Array.from(sheet.cssRules)) css += `${rule.cssText}\n`;
      for (const el of Array.from(doc.querySelectorAll('script, link[rel="stylesheet"], meta[http-equiv]'))) el.remove();
      return doc.documentElement.outerHTML.replace('</head>', `<style>${css}</style></head>`);
    });
    writeFileSync(file, `<!doctype html>${html}`);
    await server.close();
  } finally {
    await browser.close();
  }
  return file;
}

/** Until the prewarmed printer's report page stands by (the bench's view of its private engine). */
async function waitForStandby(printer: WarmReportPrinter): Promise<void> {
  const engine = await (printer as unknown as { engine: Promise<{ standby: Promise<unknown> | null }> }).engine;
  while (engine.standby === null) await new Promise((resolve) => setTimeout(resolve, 20));
  await engine.standby;
}

async function main(): Promise<void> {
  for (const need of [CLI, path.join(RENDERER, 'report.html')]) if (!existsSync(need)) throw new Error(`${need} missing: run npm run build first`);
  const exe = chromiumPath();
  if (!exe) throw new Error('no Chromium (apt install chromium)');
  mkdirSync(DIR, { recursive: true });
  const bundle = makeBundle();
  console.log(BUNDLE ? `report of ${bundle}` : `report of an offline audit of ${FROM} (${bundle})`);

  const cliPhases = new PhaseLog();
  const coldPhases = new PhaseLog();
  const warmPhases = new PhaseLog();
  const cli: number[] = [];
  const out = path.join(DIR, 'cli.pdf');
  for (let i = 0; i < RUNS; i++) {
    rmSync(out, { force: true });
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, 'report', bundle, '--out', out], { encoding: 'utf8', env: { ...process.env, PPTP_PRINT_TIMING: '1' } });
    if (r.status !== 0) throw new Error(`report failed: ${r.stderr.slice(-400)}`);
    cli.push(seconds(t0));
    cliPhases.addTimingLines(r.stderr);
  }
  const pageCount = pages(out);

  const inProcessCold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await printReportPdf(bundle, path.join(DIR, `cold-${i}.pdf`), 'A4', RENDERER, { onPhase: coldPhases.observe() });
    inProcessCold.push(seconds(t0));
  }

  const firstClick: number[] = [];
  const afterPrewarm: number[] = [];
  const warm: number[] = [];
  for (let round = 0; round < Math.max(1, Math.ceil(RUNS / 2)); round++) {
    const printer = new WarmReportPrinter(RENDERER);
    let t0 = process.hrtime.bigint();
    await printer.print(bundle, path.join(DIR, `first-${round}.pdf`), 'A4');
    firstClick.push(seconds(t0));
    for (let i = 0; i < RUNS; i++) {
      t0 = process.hrtime.bigint();
      await printer.print(bundle, path.join(DIR, `warm-${round}-${i}.pdf`), 'A4', { onPhase: warmPhases.observe() });
      warm.push(seconds(t0));
    }
    await printer.close();
    // What the app does: the audit's finish() prewarms, the auditor clicks a while later.
    const prewarmed = new WarmReportPrinter(RENDERER);
    prewarmed.prewarm();
    await waitForStandby(prewarmed);
    t0 = process.hrtime.bigint();
    await prewarmed.print(bundle, path.join(DIR, `prewarmed-${round}.pdf`), 'A4');
    afterPrewarm.push(seconds(t0));
    await prewarmed.close();
  }

  const html = await staticReport(bundle);
  const peer: number[] = [];
  const peerOut = path.join(DIR, 'peer.pdf');
  for (let i = 0; i < RUNS; i++) {
    rmSync(peerOut, { force: true });
    const t0 = process.hrtime.bigint();
    const r = spawnSync(exe, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-pdf-header-footer', `--print-to-pdf=${peerOut}`, `file://${html}`], { encoding: 'utf8' });
    if (!existsSync(peerOut)) throw new Error(`chromium --print-to-pdf wrote nothing (${r.status}): ${r.stderr.slice(-300)}`);
    peer.push(seconds(t0));
  }

  console.log(`PDF export, ${pageCount} pages (A4), wall clock, median of ${RUNS}:`);
  line('CLI cold: pptp-auditor report (target <= 4 s)', cli);
  line('in-process cold: printReportPdf (own browser)', inProcessCold);
  line('app, first export, printer not prewarmed', firstClick);
  line('app, first export after prewarm (finish)', afterPrewarm);
  line('app warm: WarmReportPrinter.print (target <= 2 s)', warm);
  line('peer: chromium --headless --print-to-pdf (static)', peer, `  ${pages(peerOut)} pages`);
  console.log('where the time goes, median ms per phase (* = inside drawn, as the layout measures it):');
  cliPhases.print('CLI cold');
  coldPhases.print('in-process cold');
  warmPhases.print('app warm');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
