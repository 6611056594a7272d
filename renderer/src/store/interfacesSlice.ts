import type { StateCreator } from 'zustand';
import type { InterfaceInfo } from '../../../shared/model/interfaces';
import { auditor } from '../api/auditor';
import type { AppState } from './store';

export interface InterfacesSlice {
  interfaces: InterfaceInfo[];
  interfacesError: string | null;
  selectedIface: string | null;
  refreshInterfaces(): Promise<void>;
  selectIface(name: string): void;
}

export const createInterfacesSlice: StateCreator<AppState, [], [], InterfacesSlice> = (set, get) => ({
  interfaces: [],
  interfacesError: null,
  selectedIface: null,
  async refreshInterfaces() {
    try {
      const list = await auditor().interfaces.list({});
      const selected = get().selectedIface;
      // While a session measures the picked interface, it stays picked even if it vanished
      // (a PPP re-creation): the picker shows it as gone instead of jumping to another one.
      const keep = selected !== null && (list.some((i) => i.name === selected) || get().running);
      set({
        interfaces: list,
        interfacesError: null,
        selectedIface: keep ? selected : (list[0]?.name ?? null),
      });
    } catch (error) {
      set({ interfacesError: error instanceof Error ? error.message : String(error) });
    }
  },
  selectIface(name) {
    set({ selectedIface: name });
  },
});
