export * from './facts';
export * from './types';
export * from './thresholds';
export * from './troubleshootingMatrix';
export { evaluateFindings } from './engine';
export { assessRisk, SEVERITY_WEIGHTS } from './risk';
export { RULES } from './rules/index';
export { baselineMetrics, baselineDeltas, throughputFromSamples, BASELINE_METRICS, type BaselineMetrics } from './baseline';
