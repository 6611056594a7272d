import { FLEET_ORDER, sortFleetRows } from './order';
import { fleetRow, type BundleReading } from './readings';
import { FLEET_FORMAT, type FleetSummary } from './types';

/** The fleet table from what was read of each folder: one row per folder, worst first. */
export function summarizeFleet(readings: readonly BundleReading[], generatedAt: string): FleetSummary {
  return { format: FLEET_FORMAT, generatedAt, rows: sortFleetRows(readings.map(fleetRow)), order: FLEET_ORDER };
}
