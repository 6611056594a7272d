import type { StateCreator } from 'zustand';
import type { StepId } from '../../../shared/checklist/steps';
import type { AuditView } from '../../../shared/ipc/channels/audit';
import { auditor } from '../api/auditor';
import type { AppState } from './store';

export type Tab = 'audit' | 'throughput' | 'findings' | 'history';

export interface AuditSlice {
  tab: Tab;
  audit: AuditView | null;
  selectedStep: StepId;
  runningStep: StepId | null;
  output: Partial<Record<StepId, string[]>>;
  auditError: string | null;
  pdfPath: string | null;
  setTab(tab: Tab): void;
  selectStep(step: StepId): void;
  startAudit(request: Parameters<ReturnType<typeof auditor>['audit']['start']>[0]): Promise<void>;
  runStep(step: StepId, durationS: number, pingCount: number): Promise<void>;
  skipStep(step: StepId, reason: string): Promise<void>;
  addNote(step: StepId, text: string): Promise<void>;
  finishAudit(): Promise<void>;
  exportPdf(paper: 'A4' | 'Letter'): Promise<void>;
  appendOutput(step: StepId, lines: string[]): void;
  newAudit(): void;
}

const MAX_OUTPUT_LINES = 2000;

export const createAuditSlice: StateCreator<AppState, [], [], AuditSlice> = (set, get) => {
  /** Every call reports its error in one place and leaves the last good view on screen. */
  const guarded = async (work: () => Promise<Partial<AppState>>) => {
    try {
      set({ ...(await work()), auditError: null });
    } catch (error) {
      set({ auditError: error instanceof Error ? error.message : String(error) });
    }
  };
  return {
    tab: 'audit',
    audit: null,
    selectedStep: 'identify-interfaces',
    runningStep: null,
    output: {},
    auditError: null,
    pdfPath: null,
    setTab: (tab) => set({ tab }),
    selectStep: (selectedStep) => set({ selectedStep }),
    startAudit: (request) => guarded(async () => ({ audit: await auditor().audit.start(request), output: {}, pdfPath: null })),
    runStep: async (step, durationS, pingCount) => {
      const audit = get().audit;
      if (!audit) return;
      set({ runningStep: step, output: { ...get().output, [step]: [] } });
      await guarded(async () => ({ audit: await auditor().audit.runStep({ auditId: audit.auditId, step, durationS, pingCount }) }));
      set({ runningStep: null });
    },
    skipStep: (step, reason) =>
      guarded(async () => ({ audit: await auditor().audit.skip({ auditId: get().audit!.auditId, step, reason }) })),
    addNote: (step, text) =>
      guarded(async () => ({ audit: await auditor().audit.note({ auditId: get().audit!.auditId, step, text }) })),
    finishAudit: () => guarded(async () => ({ audit: await auditor().audit.finish({ auditId: get().audit!.auditId }) })),
    // Exporting seals the audit first (the report must match a closed bundle).
    exportPdf: (paper) =>
      guarded(async () => ({
        pdfPath: (await auditor().audit.exportPdf({ auditId: get().audit!.auditId, paper })).path,
        audit: { ...get().audit!, closed: true },
      })),
    newAudit: () => set({ audit: null, output: {}, pdfPath: null, auditError: null, selectedStep: 'identify-interfaces' }),
    appendOutput: (step, lines) => {
      const previous = get().output[step] ?? [];
      set({ output: { ...get().output, [step]: [...previous, ...lines].slice(-MAX_OUTPUT_LINES) } });
    },
  };
};
