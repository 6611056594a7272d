import type { SensorsReport, TemperatureReading } from '../model/sensors';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses `sensors -j` (lm-sensors >= 3.5): { chip: { "Adapter": "...", feature: {
 * "temp1_input": 41.0, "temp1_max": 80.0, "temp1_crit": 100.0, "temp1_crit_alarm": 0 } } }.
 * Only temperature features are kept. lm-sensors prints "-273.150" for an unset hysteresis
 * and 0 or huge values for absent limits: limits outside -50..200 °C are dropped.
 */
export function parseSensorsJson(text: string): SensorsReport {
  const report: SensorsReport = { readings: [], empty: true, problems: [] };
  const trimmed = text.trim();
  if (trimmed === '') {
    report.problems.push('sensors printed nothing');
    return report;
  }
  let data: Json;
  try {
    data = JSON.parse(trimmed) as Json;
  } catch (error) {
    report.problems.push(
      `sensors -j output is not JSON: ${(error as Error).message.slice(0, 120)}`,
    );
    return report;
  }
  if (!isObject(data)) {
    report.problems.push('sensors -j output is not a JSON object');
    return report;
  }
  for (const [chip, chipValue] of Object.entries(data)) {
    if (!isObject(chipValue)) continue;
    const adapter = typeof chipValue.Adapter === 'string' ? chipValue.Adapter : null;
    for (const [label, feature] of Object.entries(chipValue)) {
      if (!isObject(feature)) continue;
      const reading = temperature(chip, adapter, label, feature);
      if (reading) report.readings.push(reading);
    }
  }
  report.empty = report.readings.length === 0;
  return report;
}

function plausible(v: Json | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > -50 && v < 200 && v !== 0 ? v : null;
}

function temperature(
  chip: string,
  adapter: string | null,
  label: string,
  feature: { [key: string]: Json },
): TemperatureReading | null {
  const inputKey = Object.keys(feature).find((k) => /^temp\d+_input$/.test(k));
  if (!inputKey) return null;
  const input = feature[inputKey];
  if (typeof input !== 'number' || !Number.isFinite(input)) return null;
  const prefix = inputKey.replace(/_input$/, '');
  const alarm = Object.entries(feature).some(
    ([k, v]) => k.startsWith(prefix) && k.endsWith('_alarm') && v === 1,
  );
  return {
    chip,
    adapter,
    label,
    inputC: input,
    highC: plausible(feature[`${prefix}_max`]),
    critC: plausible(feature[`${prefix}_crit`]),
    emergencyC: plausible(feature[`${prefix}_emergency`]),
    alarm,
  };
}
