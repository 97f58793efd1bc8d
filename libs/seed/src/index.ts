export * from './data/actors';
export * from './data/documents';
export * from './data/entries';
export * from './seed.module';
export * from './seed-importer.service';
export * from './seed-types';
