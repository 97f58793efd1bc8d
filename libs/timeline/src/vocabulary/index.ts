export * from './find-places';
export * from './actors';
export * from './places';
export * from './vocabulary';
