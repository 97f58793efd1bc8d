export * from './entry-date';
export * from './export-atom';
export * from './export-context';
export * from './export-csv';
export * from './export-format';
export * from './export-ics';
export * from './export-json';
export * from './export-timelinejs';
export { escapeHtml, safeHref } from './html';
