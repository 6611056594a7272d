import { useState } from 'react';
import type { EvidenceFileInfo } from '../../../../shared/ipc/channels/evidence';
import { formatBytes } from '../../../../shared/format/units';
import { auditor } from '../../api/auditor';
import { EvidenceLink } from './EvidenceLink';

/**
 * Every file the bundle's manifest lists, each opening in the viewer: the raw outputs the steps
 * name, and also the samples, facts, findings and custody log no step lists. Read when opened.
 */
export function EvidenceFiles({ auditId }: { auditId: string }) {
  const [files, setFiles] = useState<EvidenceFileInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    void auditor()
      .evidence.list({ auditId })
      .then(setFiles, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  return (
    <details data-testid="evidence-files" onToggle={(e) => (e.currentTarget.open && files === null ? load() : undefined)}>
      <summary>All evidence files{files ? ` (${files.length})` : ''}</summary>
      {error && <p className="error">{error}</p>}
      <ul className="small">
        {files?.map((f) => (
          <li key={f.file}>
            <EvidenceLink auditId={auditId} file={f.file} /> <span className="muted">{formatBytes(f.size)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
