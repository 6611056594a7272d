import type { StateCreator } from 'zustand';
import type { TargetProfile, TargetState } from '../../../shared/ipc/channels/target';
import { targetInvoke } from '../../../shared/ipc/channels/target';
import { fieldMessages } from '../../../shared/ipc/plainIssues';
import { auditor } from '../api/auditor';
import type { AppState } from './store';

/** Where the auditor wants the audit to run; the backend's `target` says where it can run now. */
export type TargetMode = 'local' | 'ssh';

/** The chooser's fields: how to reach the gateway. No password here: it lives in the dialog that asks for it. */
export interface TargetFormValues {
  target: string;
  identityFile: string;
  knownHostsFile: string;
}

/** A gateway that answered with a key known_hosts does not hold: shown for the auditor to compare before trusting. */
export interface UnknownHostKey {
  target: string;
  keyType: string;
  fingerprint: string;
  knownHostsFile: string;
}

export interface TargetSlice {
  /** The backend's connection state (target.state, and its push); null until first read. */
  target: TargetState | null;
  targetMode: TargetMode;
  targetForm: TargetFormValues;
  /** Plain sentences beside the chooser's fields, by request path ("target", "identityFile"). */
  targetErrors: Record<string, string>;
  /** Why the last connect, disconnect or profile action failed, in one line. */
  targetError: string | null;
  connecting: boolean;
  unknownHostKey: UnknownHostKey | null;
  profiles: TargetProfile[];
  setTargetMode(mode: TargetMode): Promise<void>;
  setTargetForm(values: Partial<TargetFormValues>): void;
  /** Connects to the gateway of the form; with `trustFingerprint`, only if it presents exactly that key. */
  connectTarget(loginPassword: string | null, trustFingerprint?: string | null): Promise<void>;
  dismissHostKey(): void;
  disconnectTarget(): Promise<void>;
  elevateTarget(password: string): Promise<void>;
  loadProfiles(): Promise<void>;
  saveProfile(name: string): Promise<boolean>;
  deleteProfile(name: string): Promise<void>;
  applyProfile(name: string): void;
  /** Reads the state and follows its push; returns the unsubscribe. */
  followTarget(): () => void;
  /** The ssh:// text of the connected gateway for audit.start, or null for this machine. */
  gatewayForAudit(): string | null;
}

const FORM_KEY = 'pptp-auditor.target-form';
const EMPTY_FORM: TargetFormValues = { target: '', identityFile: '', knownHostsFile: '' };

/** The chooser's last values survive a reload (this browser only; nothing secret in them). */
function savedForm(): TargetFormValues {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(FORM_KEY) ?? 'null');
    if (!raw || typeof raw !== 'object') return EMPTY_FORM;
    const out = { ...EMPTY_FORM };
    for (const key of Object.keys(out) as Array<keyof TargetFormValues>) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'string') out[key] = value.slice(0, 4096);
    }
    return out;
  } catch {
    return EMPTY_FORM;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fieldsOf(error: unknown): Record<string, string> {
  const fields = (error as { fields?: Record<string, string> } | null)?.fields;
  return fields && typeof fields === 'object' ? fields : {};
}

const blankToNull = (text: string) => (text.trim() === '' ? null : text.trim());

/**
 * The gateway the operations run on, or null for this machine. While a connect is in progress
 * they still run here (the backend answers for this machine until the gateway is connected);
 * a dropped gateway is still the machine they run on (it re-opens on next use).
 */
const machineOf = (state: TargetState | null) =>
  state !== null && (state.state === 'connected' || state.state === 'reconnecting' || state.state === 'lost') ? state.target : null;

export const createTargetSlice: StateCreator<AppState, [], [], TargetSlice> = (set, get) => {
  /**
   * Every state from the backend goes through here. When the machine changed, the interfaces
   * listed are another machine's: the start form's picks are cleared (so the first tunnel of
   * the new machine is proposed) and the list is read again.
   */
  const show = (next: TargetState) => {
    const before = machineOf(get().target);
    const first = get().target === null;
    set({ target: next, ...(next.state !== 'local' ? { targetMode: 'ssh' as const } : {}) });
    if (!first && machineOf(next) !== before) {
      get().setStartForm({ iface: '', carrier: '', remoteIp: '' });
      void get().refreshInterfaces();
    }
  };
  return {
    target: null,
    targetMode: 'local',
    targetForm: savedForm(),
    targetErrors: {},
    targetError: null,
    connecting: false,
    unknownHostKey: null,
    profiles: [],
    setTargetMode: async (mode) => {
      set({ targetMode: mode, targetError: null, targetErrors: {} });
      // "This machine" while a gateway is connected: back to this machine, so the interfaces
      // listed and the audit started are this machine's.
      if (mode === 'local' && machineOf(get().target) !== null) await get().disconnectTarget();
    },
    setTargetForm: (values) => {
      const targetForm = { ...get().targetForm, ...values };
      // A field the auditor changes no longer carries the complaint about its old value.
      const targetErrors = Object.fromEntries(Object.entries(get().targetErrors).filter(([field]) => !(field in values)));
      set({ targetForm, targetErrors });
      try {
        globalThis.localStorage?.setItem(FORM_KEY, JSON.stringify(targetForm));
      } catch {
        // Storage refused: the values then live as long as the page.
      }
    },
    connectTarget: async (loginPassword, trustFingerprint = null) => {
      const form = get().targetForm;
      const request = {
        target: form.target.trim(),
        identityFile: blankToNull(form.identityFile),
        knownHostsFile: blankToNull(form.knownHostsFile),
        loginPassword: loginPassword === '' ? null : loginPassword,
        sudoPassword: null,
        trustFingerprint,
      };
      // Checked with the backend's own schema first: every field's problem is said beside it at once.
      const parsed = targetInvoke['target.connect'].request.safeParse(request);
      if (!parsed.success) {
        set({ targetErrors: fieldMessages(parsed.error.issues, request), targetError: null });
        return;
      }
      set({ connecting: true, targetErrors: {}, targetError: null, unknownHostKey: null });
      try {
        const result = await auditor().target.connect(request);
        if (result.status === 'unknown-host-key') {
          set({ unknownHostKey: { target: request.target, keyType: result.keyType, fingerprint: result.fingerprint, knownHostsFile: result.knownHostsFile } });
        } else {
          show(result.state);
        }
      } catch (error) {
        set({ targetErrors: fieldsOf(error), targetError: messageOf(error) });
      } finally {
        set({ connecting: false });
      }
    },
    dismissHostKey: () => set({ unknownHostKey: null }),
    disconnectTarget: async () => {
      try {
        show(await auditor().target.disconnect({}));
      } catch (error) {
        set({ targetError: messageOf(error) });
      }
    },
    elevateTarget: async (password) => {
      try {
        show(await auditor().target.elevate({ password }));
      } catch (error) {
        set({ targetError: messageOf(error) });
      }
    },
    loadProfiles: async () => {
      try {
        set({ profiles: await auditor().target.profiles({}) });
      } catch (error) {
        set({ targetError: messageOf(error) });
      }
    },
    saveProfile: async (name) => {
      const form = get().targetForm;
      const profile = { name: name.trim(), target: form.target.trim(), identityFile: blankToNull(form.identityFile), knownHostsFile: blankToNull(form.knownHostsFile) };
      const parsed = targetInvoke['target.saveProfile'].request.safeParse(profile);
      if (!parsed.success) {
        set({ targetErrors: fieldMessages(parsed.error.issues, profile) });
        return false;
      }
      try {
        set({ profiles: await auditor().target.saveProfile(profile), targetErrors: {}, targetError: null });
        return true;
      } catch (error) {
        set({ targetErrors: fieldsOf(error), targetError: messageOf(error) });
        return false;
      }
    },
    deleteProfile: async (name) => {
      try {
        set({ profiles: await auditor().target.deleteProfile({ name }), targetError: null });
      } catch (error) {
        set({ targetError: messageOf(error) });
      }
    },
    applyProfile: (name) => {
      const profile = get().profiles.find((p) => p.name === name);
      if (!profile) return;
      get().setTargetForm({ target: profile.target, identityFile: profile.identityFile ?? '', knownHostsFile: profile.knownHostsFile ?? '' });
      set({ targetErrors: {}, targetError: null });
    },
    followTarget: () => {
      auditor()
        .target.state({})
        .then(show, (error: unknown) => set({ targetError: messageOf(error) }));
      void get().loadProfiles();
      return auditor().on('target.state', show);
    },
    gatewayForAudit: () => machineOf(get().target),
  };
};
