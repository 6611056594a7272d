import { bindingName } from '../../api/auditor';
import './evidence.css';

/**
 * In the browser binding the files live on the backend's disk, not the browser's: the report
 * and the whole evidence bundle (a zip) download from the loopback server, under the page's
 * own token path. In the desktop app the path printed after export is already local.
 */
export function Downloads({ auditId, pdfPath }: { auditId: string; pdfPath: string | null }) {
  if (bindingName() !== 'browser') return null;
  const paper = /-(A4|Letter)\.pdf$/.exec(pdfPath ?? '')?.[1] ?? null;
  const base = `download/${encodeURIComponent(auditId)}`;
  return (
    <p className="downloads" data-testid="downloads">
      {paper && (
        <a className="button primary" href={`${base}/report-${paper}.pdf`} download data-testid="download-pdf">
          Download the PDF ({paper})
        </a>
      )}{' '}
      <a className="button" href={`${base}/bundle.zip`} download data-testid="download-bundle">
        Download the evidence bundle (zip)
      </a>
    </p>
  );
}
