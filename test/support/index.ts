export * from './candidate-builder';
export * from './given';
export * from './manual-clock';
export * from './run-node';
export * from './test-config';
export * from './test-database';
export * from './test-env';
export * from './timeline-filler';
