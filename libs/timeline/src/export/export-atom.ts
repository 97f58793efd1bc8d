import { Feed } from 'feed';

import type { TimelineEntry } from '../timeline-entry';
import { CATEGORY_LABELS } from '../vocabulary';
import { formatEntryDate } from './entry-date';
import { baseUrlOf, entryUrl, exportTitle, type ExportContext } from './export-context';
import { entryDetailsHtml, escapeHtml } from './html';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Atom 1.0 of what was added: newest recorded first, unless the caller asked for an order
 * (`keepOrder`). The feed
 * package writes titles, summaries and content as `type="html"`, so every text is HTML-escaped
 * before it goes in.
 */
export function renderAtom(entries: readonly TimelineEntry[], context: ExportContext): string {
  const base = baseUrlOf(context);
  const title = exportTitle(context);
  const newest = Math.max(...entries.map((entry) => Date.parse(entry.updatedAt)));
  const feed = new Feed({
    id: `${base}/feed.atom`,
    title,
    description: context.asOf ? `As of ${context.asOf.toISOString()}` : undefined,
    link: `${base}/`,
    feed: `${base}/feed.atom`,
    updated: entries.length === 0 ? context.generatedAt : new Date(newest),
    // Atom wants an author on the feed or on every entry.
    author: { name: title, link: `${base}/` },
  });
  const byRecordedDesc = context.keepOrder
    ? entries
    : [...entries].sort(
        (a, b) =>
          Date.parse(b.recordedAt) - Date.parse(a.recordedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
  for (const entry of byRecordedDesc) {
    feed.addItem({
      id: atomEntryId(entry, context),
      title: escapeHtml(entry.title),
      link: entryUrl(context, entry.id),
      date: new Date(entry.updatedAt),
      published: new Date(entry.recordedAt),
      description: escapeHtml(`${formatEntryDate(entry.date)}: ${entry.summary}`),
      content: entryDetailsHtml(entry, { withDate: true }),
      // Only vocabulary codes and labels go here: the feed package does not escape `<` in attributes.
      category: entry.categories.map((term) => ({ term, name: CATEGORY_LABELS[term] })),
    });
  }
  return feed.atom1();
}

/**
 * A permanent, unique entry id: `urn:uuid:` for UUIDs (RFC 4122), otherwise a tag URI
 * (RFC 4151) dated by when the entry was recorded, which never changes.
 */
export function atomEntryId(entry: TimelineEntry, context: ExportContext): string {
  if (UUID.test(entry.id)) return `urn:uuid:${entry.id.toLowerCase()}`;
  const host = new URL(context.baseUrl).hostname;
  return `tag:${host},${entry.recordedAt.slice(0, 10)}:entries/${encodeURIComponent(entry.id)}`;
}
