import type { StateCreator } from 'zustand';
import type { StepId } from '../../../shared/checklist/steps';
import type { AuditView, StepProgress } from '../../../shared/ipc/channels/audit';
import { auditInvoke } from '../../../shared/ipc/channels/audit';
import { fieldMessages } from '../../../shared/ipc/plainIssues';
import { auditor } from '../api/auditor';
import type { AppState } from './store';

export type Tab = 'audit' | 'throughput' | 'findings' | 'history';
type Paper = 'A4' | 'Letter';
type StartRequest = Parameters<ReturnType<typeof auditor>['audit']['start']>[0];

/** What the start form holds, kept across "New audit" (the next audit is usually the same site). */
export interface StartFormValues {
  site: string;
  asset: string;
  auditor: string;
  iface: string;
  carrier: string;
  remoteIp: string;
  linkSpeed: string;
}

export const EMPTY_START_FORM: StartFormValues = { site: '', asset: '', auditor: '', iface: '', carrier: '', remoteIp: '', linkSpeed: '' };

/** A long action on the whole audit (printing, sealing): its buttons are disabled while it runs. */
export interface AuditBusy {
  what: 'draft' | 'report' | 'finish' | 'abandon';
  since: number;
}

export interface AuditSlice {
  tab: Tab;
  audit: AuditView | null;
  selectedStep: StepId;
  runningStep: StepId | null;
  progress: StepProgress | null;
  output: Partial<Record<StepId, string[]>>;
  /** An error of the audit as a whole (start, finish, export), shown where that action is. */
  auditError: string | null;
  /** Each step's own error: it stays on that step and never blocks another. */
  stepErrors: Partial<Record<StepId, { message: string; fields: Record<string, string> }>>;
  startForm: StartFormValues;
  /** Plain sentences beside the start form's fields, by request path ("identity.site"). */
  startErrors: Record<string, string>;
  pdf: { path: string; draft: boolean } | null;
  busy: AuditBusy | null;
  setTab(tab: Tab): void;
  selectStep(step: StepId): void;
  setStartForm(values: Partial<StartFormValues>): void;
  startAudit(request: StartRequest): Promise<void>;
  runStep(step: StepId, durationS: number, pingCount: number): Promise<void>;
  cancelStep(): Promise<void>;
  skipStep(step: StepId, reason: string): Promise<void>;
  addNote(step: StepId, text: string): Promise<void>;
  finishAudit(paper: Paper, signedBy: string): Promise<boolean>;
  abandonAudit(auditId: string, reason: string): Promise<boolean>;
  resumeAudit(auditId: string): Promise<void>;
  exportPdf(paper: Paper): Promise<void>;
  appendOutput(step: StepId, lines: string[]): void;
  /** Re-attaches to the audit the backend holds open (after a reload) and follows its pushes. */
  attach(): () => void;
  newAudit(): void;
}

const MAX_OUTPUT_LINES = 2000;
const FORM_KEY = 'pptp-auditor.start-form';

/** The last values of the start form survive "New audit" and a reload (this browser only; nothing secret in them). */
function savedStartForm(): StartFormValues {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(FORM_KEY) ?? 'null');
    if (!raw || typeof raw !== 'object') return EMPTY_START_FORM;
    const out = { ...EMPTY_START_FORM };
    for (const key of Object.keys(out) as Array<keyof StartFormValues>) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'string') out[key] = value.slice(0, 200);
    }
    return out;
  } catch {
    return EMPTY_START_FORM;
  }
}

function saveStartForm(values: StartFormValues): void {
  try {
    globalThis.localStorage?.setItem(FORM_KEY, JSON.stringify(values));
  } catch {
    // Storage refused (private mode, quota): the values then live as long as the page.
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fieldsOf(error: unknown): Record<string, string> {
  const fields = (error as { fields?: Record<string, string> } | null)?.fields;
  return fields && typeof fields === 'object' ? fields : {};
}

export const createAuditSlice: StateCreator<AppState, [], [], AuditSlice> = (set, get) => {
  /** Every call on the whole audit reports its error in one place and leaves the last good view on screen. */
  const guarded = async (work: () => Promise<Partial<AppState>>): Promise<boolean> => {
    try {
      set({ ...(await work()), auditError: null });
      return true;
    } catch (error) {
      set({ auditError: messageOf(error) });
      return false;
    }
  };
  /** A view from the backend (a call's answer or a push): the running step follows it. */
  const show = (audit: AuditView) =>
    set({ audit, runningStep: audit.running?.step ?? null, progress: audit.running ?? null });
  const withBusy = async <T>(what: AuditBusy['what'], work: () => Promise<T>): Promise<T> => {
    set({ busy: { what, since: Date.now() } });
    try {
      return await work();
    } finally {
      set({ busy: null });
    }
  };
  return {
    tab: 'audit',
    audit: null,
    selectedStep: 'identify-interfaces',
    runningStep: null,
    progress: null,
    output: {},
    auditError: null,
    stepErrors: {},
    startForm: savedStartForm(),
    startErrors: {},
    pdf: null,
    busy: null,
    setTab: (tab) => set({ tab }),
    selectStep: (selectedStep) => set({ selectedStep }),
    setStartForm: (values) => {
      const startForm = { ...get().startForm, ...values };
      set({ startForm });
      saveStartForm(startForm);
    },
    startAudit: async (request) => {
      // Checked here with the backend's own schema, so every field's problem shows at once.
      const parsed = auditInvoke['audit.start'].request.safeParse(request);
      if (!parsed.success) {
        set({ startErrors: fieldMessages(parsed.error.issues, request), auditError: null });
        return;
      }
      try {
        const audit = await auditor().audit.start(request);
        set({ output: {}, pdf: null, stepErrors: {}, startErrors: {}, auditError: null });
        show(audit);
      } catch (error) {
        set({ startErrors: fieldsOf(error), auditError: Object.keys(fieldsOf(error)).length > 0 ? null : messageOf(error) });
      }
    },
    runStep: async (step, durationS, pingCount) => {
      const audit = get().audit;
      if (!audit) return;
      const request = { auditId: audit.auditId, step, durationS, pingCount };
      const parsed = auditInvoke['audit.runStep'].request.safeParse(request);
      if (!parsed.success) {
        const fields = fieldMessages(parsed.error.issues, request);
        set({ stepErrors: { ...get().stepErrors, [step]: { message: Object.values(fields).join(' '), fields } } });
        return;
      }
      const { [step]: _cleared, ...otherErrors } = get().stepErrors;
      set({ runningStep: step, output: { ...get().output, [step]: [] }, stepErrors: otherErrors });
      try {
        show(await auditor().audit.runStep(request));
      } catch (error) {
        set({ runningStep: null, progress: null, stepErrors: { ...get().stepErrors, [step]: { message: messageOf(error), fields: fieldsOf(error) } } });
      }
    },
    cancelStep: async () => {
      const audit = get().audit;
      if (!audit) return;
      try {
        await auditor().audit.cancel({ auditId: audit.auditId });
      } catch (error) {
        const step = get().runningStep;
        if (step) set({ stepErrors: { ...get().stepErrors, [step]: { message: messageOf(error), fields: {} } } });
      }
    },
    skipStep: async (step, reason) => {
      try {
        show(await auditor().audit.skip({ auditId: get().audit!.auditId, step, reason }));
      } catch (error) {
        set({ stepErrors: { ...get().stepErrors, [step]: { message: messageOf(error), fields: fieldsOf(error) } } });
      }
    },
    addNote: async (step, text) => {
      try {
        show(await auditor().audit.note({ auditId: get().audit!.auditId, step, text }));
      } catch (error) {
        set({ stepErrors: { ...get().stepErrors, [step]: { message: messageOf(error), fields: fieldsOf(error) } } });
      }
    },
    finishAudit: (paper, signedBy) =>
      withBusy('finish', () =>
        guarded(async () => {
          const audit = await auditor().audit.finish({ auditId: get().audit!.auditId, confirmed: true, paper, signedBy });
          const pdf = audit.finalReport ? { path: `${audit.dir}/${audit.finalReport}`, draft: false } : null;
          return { audit, pdf };
        }),
      ),
    abandonAudit: (auditId, reason) =>
      withBusy('abandon', () =>
        guarded(async () => {
          const abandoned = await auditor().audit.abandon({ auditId, reason });
          return get().audit?.auditId === auditId ? { audit: abandoned, runningStep: null, progress: null } : {};
        }),
      ),
    resumeAudit: async (auditId) => {
      const ok = await guarded(async () => {
        const audit = await auditor().audit.resume({ auditId });
        return { audit, output: {}, pdf: null, stepErrors: {}, runningStep: audit.running?.step ?? null, progress: audit.running ?? null, tab: 'audit' as Tab };
      });
      if (!ok) set({ tab: 'history' });
    },
    exportPdf: (paper) =>
      withBusy(get().audit?.closed ? 'report' : 'draft', async () => {
        await guarded(async () => ({ pdf: await auditor().audit.exportPdf({ auditId: get().audit!.auditId, paper }) }));
      }),
    attach: () => {
      const api = auditor();
      const offView = api.on('audit.view', (view) => {
        if (view.auditId === get().audit?.auditId) show(view);
      });
      const offProgress = api.on('audit.progress', (progress) => {
        if (progress.auditId === get().audit?.auditId) set({ progress, runningStep: progress.step });
      });
      // After a reload the backend still holds the audit (and may be running a step): follow it.
      void api.audit
        .current({})
        .then((open) => {
          const latest = open[0];
          if (latest && !get().audit) {
            show(latest);
            if (latest.running) set({ selectedStep: latest.running.step });
          }
        })
        .catch(() => undefined);
      return () => {
        offView();
        offProgress();
      };
    },
    // The form keeps its values: the next audit is usually the same site and tunnel.
    newAudit: () =>
      set({ audit: null, output: {}, pdf: null, auditError: null, stepErrors: {}, startErrors: {}, runningStep: null, progress: null, selectedStep: 'identify-interfaces' }),
    appendOutput: (step, lines) => {
      const previous = get().output[step] ?? [];
      set({ output: { ...get().output, [step]: [...previous, ...lines].slice(-MAX_OUTPUT_LINES) } });
    },
  };
};
