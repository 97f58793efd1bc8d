import type { TimelineEntry } from '../timeline-entry';
import { CATEGORY_LABELS, COUNTRIES } from '../vocabulary';
import { formatEntryDate } from './entry-date';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The one HTML escaper of the exports: text and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Only http(s) links are written out: a feed item must not smuggle `javascript:` into a reader. */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export function countryNames(entry: TimelineEntry): string[] {
  return entry.countries.map((code) => COUNTRIES[code] ?? code);
}

export function categoryLabels(entry: TimelineEntry): string[] {
  return entry.categories.map((category) => CATEGORY_LABELS[category] ?? category);
}

/** A source as one line of text: "Title (Publisher, 2024-04-03)". */
export function sourceLabel(source: TimelineEntry['sources'][number]): string {
  const about = [source.publisher, source.publishedAt].filter((part) => part !== undefined && part !== '');
  return about.length > 0 ? `${source.title} (${about.join(', ')})` : source.title;
}

/** The body of an entry as HTML: summary, then the facts a reader checks, then its sources. */
export function entryDetailsHtml(entry: TimelineEntry, options: { withDate: boolean }): string {
  const facts: ([string, string] | undefined)[] = [
    options.withDate ? ['Date', formatEntryDate(entry.date)] : undefined,
    ['Countries', countryNames(entry).join(', ')],
    ['Categories', categoryLabels(entry).join(', ')],
    entry.actors.length > 0 ? ['Actors', entry.actors.join(', ')] : undefined,
  ];
  const sources = entry.sources.map((source) => {
    const href = safeHref(source.url);
    const label = escapeHtml(sourceLabel(source));
    return href === undefined ? `<li>${label}</li>` : `<li><a href="${escapeHtml(href)}">${label}</a></li>`;
  });
  return [
    entry.status === 'retracted'
      ? `<p><strong>Retracted:</strong> ${escapeHtml(entry.retraction?.reason ?? 'no reason given')}</p>`
      : '',
    `<p>${escapeHtml(entry.summary)}</p>`,
    `<p>${facts
      .filter((fact) => fact !== undefined)
      .map(([name, value]) => `<strong>${name}:</strong> ${escapeHtml(value)}`)
      .join('<br>')}</p>`,
    sources.length > 0 ? `<p><strong>Sources:</strong></p><ul>${sources.join('')}</ul>` : '',
  ].join('');
}
