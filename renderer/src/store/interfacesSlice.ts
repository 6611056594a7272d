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
      set({
        interfaces: list,
        interfacesError: null,
        selectedIface:
          selected && list.some((i) => i.name === selected) ? selected : (list[0]?.name ?? null),
      });
    } catch (error) {
      set({ interfacesError: error instanceof Error ? error.message : String(error) });
    }
  },
  selectIface(name) {
    set({ selectedIface: name });
  },
});
