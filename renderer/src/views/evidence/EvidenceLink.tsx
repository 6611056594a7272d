import type { ReactNode } from 'react';
import type { EvidenceRef } from '../../../../shared/model/evidence';
import { useEvidenceViewer } from './evidenceViewerStore';

/** A file name that opens the evidence viewer (with the cited lines highlighted, when given). */
export function EvidenceLink({ auditId, file, cites, title, children }: {
  auditId: string;
  file: string;
  cites?: EvidenceRef[];
  title?: string;
  children?: ReactNode;
}) {
  const openEvidence = useEvidenceViewer((s) => s.openEvidence);
  return (
    <button
      type="button"
      className="link mono"
      data-evidence={file}
      title={`Open ${file}`}
      onClick={() => openEvidence(auditId, file, { cites: cites ?? [], title: title ?? '' })}
    >
      {children ?? file}
    </button>
  );
}
