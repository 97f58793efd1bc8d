import {
  CATEGORY_LABELS,
  COUNTRIES,
  type EntryDate,
  escapeHtml,
  formatEntryDate,
  safeHref,
  type SourceRef,
} from '@app/timeline';

/**
 * Small pieces every alert mail is made of. Entries come from news feeds, so every value is hostile
 * text until escaped: HTML goes through escapeHtml, links through safeHref, headers through oneLine.
 */

// One escaper and one link check for every HTML this product writes: the timeline's.
export { escapeHtml, safeHref };

/** Text for a header such as Subject: no line breaks or control characters, bounded length. */
export function oneLine(text: string, max = 180): string {
  const flat = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what goes
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The entry's date as a reader writes it, no more precise than it is ("April 2024", "Since 2016"). */
export function dateText(date: EntryDate): string {
  return formatEntryDate(date);
}

export function countryName(code: string): string {
  return (COUNTRIES as Record<string, string>)[code] ?? code;
}

export function categoryName(category: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[category] ?? category;
}

/** A source as one line: "Title (Publisher, 2024-04-03)". */
export function sourceLabel(source: SourceRef): string {
  const about = [source.publisher, source.publishedAt].filter((part) => part !== undefined && part !== '');
  return about.length > 0 ? `${source.title} (${about.join(', ')})` : source.title;
}

export interface AlertFilters {
  countries: string[];
  categories: string[];
  actors: string[];
  keywords: string[];
}

/** What a subscription follows, in words: "country: Tajikistan; category: Border security". */
export function filtersText(filters: AlertFilters): string {
  const part = (singular: string, plural: string, values: string[]) =>
    values.length === 0 ? '' : `${values.length === 1 ? singular : plural}: ${values.join(', ')}`;
  const parts = [
    part('country', 'countries', filters.countries.map(countryName)),
    part('category', 'categories', filters.categories.map(categoryName)),
    part('actor', 'actors', filters.actors),
    part(
      'keyword',
      'keywords',
      filters.keywords.map((word) => `“${word}”`),
    ),
  ].filter((text) => text !== '');
  return parts.length === 0 ? 'every new entry' : parts.join('; ');
}
