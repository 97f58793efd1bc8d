export * from './entry-decider';
export * from './entry-events';
export * from './entry-fields';
export * from './timeline.error';
export * from './timeline.module';
export * from './timeline.service';
export * from './timeline-entry';
export * from './timeline-filter';
export {
  escapeHtml,
  EXPORT_FORMATS,
  type ExportContext,
  type ExportFormat,
  exportFormat,
  type ExportSource,
  formatEntryDate,
  renderExport,
  safeHref,
  streamExport,
} from './export';
export * from './timeline-queries';
export * from './timeline-query.schema';
export { applyToView, citeSources, foldEntry, searchText } from './timeline-view';
export * from './vocabulary';
export * from './timeline.gauges';
