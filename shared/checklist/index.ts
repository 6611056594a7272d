export * from './steps';
export * from './prerequisites';
export * from './state';
export * from './events';
export * from './machine';
export * from './progress';
export { shellQuote, displayArgv } from './shellQuote';
