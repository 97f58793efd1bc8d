import { createHash } from 'node:crypto';

import { canonicalUrl } from './canonical-url';
import { cleanText, stripUnsafeCharacters, truncate } from './clean-text';
import { parseFeedDate } from './feed-date';
import type { RawFeedItem } from './feed-document';
import { detectLanguage } from './language';

export { canonicalUrl } from './canonical-url';
export { cleanText } from './clean-text';
export { parseFeedDate } from './feed-date';
export { detectLanguage } from './language';

/** An item ready for dedupe and scoring: canonical link, stable GUID, clean text, trusted date. */
export interface NormalisedItem {
  /** The feed's GUID (canonicalised when it is a URL), else the canonical link, else `hash:<sha256>`. */
  guid: string;
  guidIsFallback: boolean;
  link: string | null;
  title: string;
  /** Plain text of the summary (or the content when the summary is thin), at most 2,000 characters. */
  excerpt: string;
  /** ISO 8601; the fetch time when the feed's date is missing or not believable. */
  publishedAt: string;
  publishedAtEstimated: boolean;
  language: string | null;
  author: string | null;
  categories: string[];
}

export interface NormaliseContext {
  fetchedAt: Date;
  /** The feed's own link: relative item links resolve against it. */
  feedLink?: string | null;
  /** The feed's declared language ('en-gb', 'ru'…), used when the text does not tell. */
  feedLanguage?: string | null;
}

export const TITLE_MAX_LENGTH = 300;
export const EXCERPT_MAX_LENGTH = 2000;
const DERIVED_TITLE_MAX_LENGTH = 120;
// A summary shorter than this is a teaser or a byline; the content says more.
const THIN_SUMMARY = 80;
const MAX_GUID_LENGTH = 500;
const EARLIEST_TRUSTED = Date.UTC(1990, 0, 1);
const FUTURE_TOLERANCE_MS = 2 * 24 * 3600 * 1000;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The first sentence of a text, as a title for an item that has none. */
function firstSentence(text: string): string {
  const sentence = /^(.+?[.!?。！？])(\s|$)/u.exec(text)?.[1] ?? text;
  return truncate(sentence, DERIVED_TITLE_MAX_LENGTH);
}

function primaryLanguage(tag: string | null | undefined): string | null {
  // A BCP 47 tag ("en", "en-GB", "zh_CN"); anything else is not a language.
  const m = /^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$/.exec(tag ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

function guidOf(
  item: RawFeedItem,
  link: string | null,
  title: string,
  base: string | null | undefined,
): { guid: string; guidIsFallback: boolean } {
  const raw = item.guid ? stripUnsafeCharacters(item.guid).trim() : null;
  if (raw) {
    const asUrl = /^https?:\/\//i.test(raw) ? canonicalUrl(raw, base) : null;
    const guid = asUrl ?? raw;
    return { guid: guid.length > MAX_GUID_LENGTH ? `hash:${sha256(guid)}` : guid, guidIsFallback: false };
  }
  if (link) return { guid: link, guidIsFallback: true };
  return { guid: `hash:${sha256(`${title}\n${item.published?.trim() ?? ''}`)}`, guidIsFallback: true };
}

function publishedOf(
  raw: string | null,
  fetchedAt: Date,
): { publishedAt: string; publishedAtEstimated: boolean } {
  const date = parseFeedDate(raw);
  const trusted =
    date !== null &&
    date.getTime() >= EARLIEST_TRUSTED &&
    date.getTime() <= fetchedAt.getTime() + FUTURE_TOLERANCE_MS;
  return trusted
    ? { publishedAt: date.toISOString(), publishedAtEstimated: false }
    : { publishedAt: fetchedAt.toISOString(), publishedAtEstimated: true };
}

/** The feed's link is the same for every item of a document: canonicalised once, not per item. */
let lastBase: { feedLink: string; base: string | null } | null = null;
function baseOf(feedLink: string): string | null {
  if (lastBase?.feedLink !== feedLink) lastBase = { feedLink, base: canonicalUrl(feedLink) };
  return lastBase.base;
}

/**
 * Normalises one raw item: canonical link (relative ones resolved against the feed's link),
 * GUID with its fallbacks, clean title (derived from the text's first sentence when missing),
 * plain-text excerpt, a date parsed and checked (more than two days ahead of the fetch or before
 * 1990 is not believed; then the fetch time, marked as estimated), language, author, categories.
 * Null only when the item has no title, no link and no text.
 */
export function normaliseItem(item: RawFeedItem, context: NormaliseContext): NormalisedItem | null {
  const base = context.feedLink ? baseOf(context.feedLink) : null;
  const link = item.link ? canonicalUrl(item.link, base) : null;
  const summary = cleanText(item.summary);
  const text = summary.length >= THIN_SUMMARY ? summary : cleanText(item.content) || summary;
  const excerpt = truncate(text, EXCERPT_MAX_LENGTH);
  let title = cleanText(item.title, TITLE_MAX_LENGTH);
  if (!title && !link && !excerpt) return null;
  if (!title) title = excerpt ? firstSentence(excerpt) : (link ?? '');

  const seen = new Set<string>();
  const categories: string[] = [];
  for (const raw of item.categories) {
    const category = cleanText(raw, 100);
    if (category && !seen.has(category.toLowerCase())) {
      seen.add(category.toLowerCase());
      categories.push(category);
    }
  }

  return {
    ...guidOf(item, link, title, base),
    link,
    title,
    excerpt,
    ...publishedOf(item.published, context.fetchedAt),
    language: detectLanguage(`${title} ${excerpt}`) ?? primaryLanguage(context.feedLanguage),
    author: cleanText(item.author, 200) || null,
    categories: categories.slice(0, 30),
  };
}
