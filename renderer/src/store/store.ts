import { create } from 'zustand';
import { createInterfacesSlice, type InterfacesSlice } from './interfacesSlice';
import { createThroughputSlice, type ThroughputSlice } from './throughputSlice';
import { createAuditSlice, type AuditSlice } from './auditSlice';
import { createTargetSlice, type TargetSlice } from './targetSlice';

/** One bound store made of one slice per domain. */
export type AppState = InterfacesSlice & ThroughputSlice & AuditSlice & TargetSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createInterfacesSlice(...args),
  ...createThroughputSlice(...args),
  ...createAuditSlice(...args),
  ...createTargetSlice(...args),
}));
