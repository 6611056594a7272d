import type { StateCreator } from 'zustand';
import type { ChartPoint } from '../../../shared/analysis/downsample';
import type { ThroughputSample, ThroughputStats } from '../../../shared/model/throughput';
import type { AppState } from './store';

export type RateUnit = 'bits' | 'bytes';

/** Window lengths the auditor can pick, 1 minute to 8 hours. */
export const WINDOW_CHOICES_MS = [60_000, 300_000, 900_000, 3_600_000, 4 * 3_600_000, 8 * 3_600_000];

/** What the chart draws: replaced only when the picture can change (see liveThroughput). */
export interface ChartSnapshot {
  points: ChartPoint[];
  from: number;
  to: number;
  /** Discontinuities inside the window (interface vanished, re-created, counters reset). */
  gaps: Array<{ from: number; to: number; reason: string }>;
}

/** What the stats panel shows: cheap, refreshed a few times per second. */
export interface ThroughputSnapshot {
  stats: ThroughputStats;
  last: ThroughputSample | null;
  missedBatches: number;
  /**
   * Breaks in the stream (interface vanished, re-created, counters reset). The first sample of
   * a session only opens the stream (gapReason 'start'): it has no rate yet, and is no break.
   */
  discontinuities: number;
}

export interface ThroughputSlice {
  session: { id: string; iface: string; intervalMs: number; linkSpeedMbps: number | null; linkSpeedSource: string | null } | null;
  running: boolean;
  paused: boolean;
  unit: RateUnit;
  windowMs: number;
  intervalMs: number;
  enteredLinkSpeedMbps: number | null;
  snapshot: ThroughputSnapshot | null;
  chart: ChartSnapshot | null;
  throughputError: string | null;
  setUnit(unit: RateUnit): void;
  setWindow(ms: number): void;
  setIntervalMs(ms: number): void;
  setEnteredLinkSpeed(mbps: number | null): void;
  togglePause(): void;
}

export const createThroughputSlice: StateCreator<AppState, [], [], ThroughputSlice> = (set) => ({
  session: null,
  running: false,
  paused: false,
  unit: 'bits',
  windowMs: 60_000,
  intervalMs: 500,
  enteredLinkSpeedMbps: null,
  snapshot: null,
  chart: null,
  throughputError: null,
  setUnit: (unit) => set({ unit }),
  setWindow: (windowMs) => set({ windowMs }),
  setIntervalMs: (intervalMs) => set({ intervalMs }),
  setEnteredLinkSpeed: (enteredLinkSpeedMbps) => set({ enteredLinkSpeedMbps }),
  togglePause: () => set((s) => ({ paused: !s.paused })),
});
