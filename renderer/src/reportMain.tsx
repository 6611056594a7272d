import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { auditor } from './api/auditor';
import { ReportDocument } from './report/ReportDocument';
import type { PaperSize } from '../../shared/report/model';
import './report/report.css';

/**
 * The print layout. Opened as report.html#audit=<id>&paper=A4|Letter by the PDF printer
 * (Electron printToPDF or headless Chromium); sets data-report-ready once drawn ('1' or
 * 'error') and data-report-for to the id it drew.
 *
 * A warm printer keeps this page loaded with no audit in its hash (standby: nothing drawn,
 * data-report-standby set) and prints by changing the hash: each change clears what was drawn
 * and draws the audit now named, so a print costs the model and the drawing, not loading and
 * compiling the bundle again (issue 14). A redraw always starts from an empty root, so nothing
 * of one report survives into the next.
 */
const container = document.getElementById('report')!;
let root: Root | null = null;
/** Bumped on every hash change: a model that arrives after the hash moved on is not drawn. */
let generation = 0;

function clear(): void {
  root?.unmount();
  root = null;
  container.replaceChildren();
  delete document.body.dataset.reportReady;
  delete document.body.dataset.reportFor;
  delete document.body.dataset.reportMs;
}

async function draw(): Promise<void> {
  const mine = ++generation;
  clear();
  const params = new URLSearchParams(window.location.hash.slice(1));
  const auditId = params.get('audit');
  if (auditId === null) {
    // Connects to the backend now, so a print does not wait for the socket.
    auditor();
    document.body.dataset.reportStandby = '1';
    return;
  }
  delete document.body.dataset.reportStandby;
  const paper: PaperSize = params.get('paper') === 'Letter' ? 'Letter' : 'A4';
  // Where the drawing's time goes, for the PDF benchmark: model fetch, React render, chart layout (ms).
  const split: number[] = [];
  let last = performance.now();
  const lap = () => {
    const now = performance.now();
    split.push(Math.round(now - last));
    last = now;
  };
  const done = (state: '1' | 'error') => {
    document.body.dataset.reportMs = split.join(' ');
    document.body.dataset.reportFor = auditId;
    document.body.dataset.reportReady = state;
  };
  const drawing = createRoot(container);
  root = drawing;
  try {
    const model = await auditor().report.model({ auditId });
    if (mine !== generation) return;
    lap();
    flushSync(() => drawing.render(<ReportDocument model={model} paper={paper} />));
    lap();
    // Two frames: React commits, then recharts lays out its SVG.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (mine !== generation) return;
        lap();
        done('1');
      }),
    );
  } catch (error) {
    if (mine !== generation) return;
    drawing.render(<p className="report-error">Report unavailable: {error instanceof Error ? error.message : String(error)}</p>);
    done('error');
  }
}

window.addEventListener('hashchange', () => void draw());
void draw();
