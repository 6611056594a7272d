import { createRoot } from 'react-dom/client';
import { auditor } from './api/auditor';
import { ReportDocument } from './report/ReportDocument';
import type { PaperSize } from '../../shared/report/model';
import './report/report.css';

/**
 * The print layout. Opened as report.html#audit=<id>&paper=A4|Letter by the PDF printer
 * (Electron printToPDF or headless Chromium); sets data-report-ready once drawn.
 */
async function main() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const auditId = params.get('audit') ?? '';
  const paper: PaperSize = params.get('paper') === 'Letter' ? 'Letter' : 'A4';
  const root = createRoot(document.getElementById('report')!);
  try {
    const model = await auditor().report.model({ auditId });
    root.render(<ReportDocument model={model} paper={paper} />);
    // Two frames: React commits, then recharts lays out its SVG.
    requestAnimationFrame(() => requestAnimationFrame(() => (document.body.dataset.reportReady = '1')));
  } catch (error) {
    root.render(<p className="report-error">Report unavailable: {error instanceof Error ? error.message : String(error)}</p>);
    document.body.dataset.reportReady = 'error';
  }
}

void main();
