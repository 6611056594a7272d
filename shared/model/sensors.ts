export interface TemperatureReading {
  /** "coretemp-isa-0000" */
  chip: string;
  adapter: string | null;
  /** Feature label: "Package id 0", "Core 1", "temp1". */
  label: string;
  inputC: number;
  /** temp*_max (what `sensors` prints as "high"). */
  highC: number | null;
  critC: number | null;
  emergencyC: number | null;
  /** Any *_alarm reported 1. */
  alarm: boolean;
}

export interface SensorsReport {
  readings: TemperatureReading[];
  /** No chip exposed a temperature (typical on VMs): not a pass, just no evidence. */
  empty: boolean;
  problems: string[];
}

export type ThermalStatus = 'ok' | 'high' | 'critical' | 'unknown';

export interface ThermalAssessment {
  status: ThermalStatus;
  hottest: TemperatureReading | null;
  /** Readings at or above their high (or crit) threshold. */
  hot: Array<{ reading: TemperatureReading; status: Exclude<ThermalStatus, 'ok' | 'unknown'> }>;
}
