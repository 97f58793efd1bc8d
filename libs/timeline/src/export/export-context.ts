/** What every export needs besides the entries. */
export interface ExportContext {
  /** Public base URL of the service, e.g. `http://localhost:3000`; entry links hang off it. */
  baseUrl: string;
  generatedAt: Date;
  /** Set when the export shows the timeline as it stood at a past moment of the log. */
  asOf?: Date;
  title?: string;
  /**
   * Set when the caller asked for an order (`sort=`): formats that have an order of their own
   * (Atom: newest recorded first) keep the caller's instead.
   */
  keepOrder?: boolean;
}

export const DEFAULT_TITLE = 'China–Central Asia security timeline';

export function exportTitle(context: ExportContext): string {
  return context.title ?? DEFAULT_TITLE;
}

/** The base URL without trailing slashes, so joined paths never get `//`. */
export function baseUrlOf(context: ExportContext): string {
  return context.baseUrl.replace(/\/+$/, '');
}

export function entryUrl(context: ExportContext, id: string): string {
  return `${baseUrlOf(context)}/entries/${encodeURIComponent(id)}`;
}
