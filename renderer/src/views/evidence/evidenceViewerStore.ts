import { create } from 'zustand';
import type { EvidenceRef } from '../../../../shared/model/evidence';

/** Which evidence file the viewer shows, and the citations to highlight in it. */
export interface EvidenceViewerState {
  open: { auditId: string; file: string; cites: EvidenceRef[]; title: string | null } | null;
  openEvidence(auditId: string, file: string, options?: { cites?: EvidenceRef[]; title?: string }): void;
  close(): void;
}

/** The viewer's own small store: it is UI state, reached from steps and findings alike. */
export const useEvidenceViewer = create<EvidenceViewerState>()((set) => ({
  open: null,
  openEvidence: (auditId, file, options = {}) =>
    set({ open: { auditId, file, cites: options.cites ?? [], title: options.title ?? null } }),
  close: () => set({ open: null }),
}));
