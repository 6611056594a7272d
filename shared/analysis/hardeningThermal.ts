import type { SensorsReport, ThermalAssessment, ThermalStatus } from '../model/sensors';

/**
 * Thermal stress of the gateway (MPPE runs single-threaded on one core). A reading is
 * "critical" at or above its crit (or emergency) limit or when the chip raises an alarm,
 * "high" at or above its max limit, or above `fallbackHighC` when the chip gives no limit.
 */
export function assessThermal(report: SensorsReport, fallbackHighC = 85): ThermalAssessment {
  if (report.readings.length === 0) return { status: 'unknown', hottest: null, hot: [] };
  const hot: ThermalAssessment['hot'] = [];
  for (const reading of report.readings) {
    const crit = reading.critC ?? reading.emergencyC;
    if (reading.alarm || (crit !== null && reading.inputC >= crit))
      hot.push({ reading, status: 'critical' });
    else if (reading.inputC >= (reading.highC ?? fallbackHighC))
      hot.push({ reading, status: 'high' });
  }
  const hottest = report.readings.reduce((a, b) => (b.inputC > a.inputC ? b : a));
  const status: ThermalStatus = hot.some((h) => h.status === 'critical')
    ? 'critical'
    : hot.length > 0
      ? 'high'
      : 'ok';
  return { status, hottest, hot };
}
