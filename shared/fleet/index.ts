export * from './types';
export * from './readings';
export * from './order';
export * from './summary';
export * from './cells';
export * from './print';
