export * from './facts';
export * from './types';
export * from './thresholds';
export * from './troubleshootingMatrix';
export { evaluateFindings } from './engine';
export { assessRisk, SEVERITY_WEIGHTS } from './risk';
export { RULES } from './rules/index';
