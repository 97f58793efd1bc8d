/** The actors moved to the timeline's vocabulary; `@app/seed` keeps offering them. */
export { SEED_ACTORS } from '@app/timeline';
export * from './data/documents';
export * from './data/entries';
export * from './seed.module';
export * from './seed-importer.service';
export * from './seed-types';
