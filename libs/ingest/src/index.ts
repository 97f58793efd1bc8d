export * from './candidate-events';
export * from './reading';
export * from './relevance';
