import { z } from 'zod';

import { cleanText } from './clean-text';
import { FeedReadError } from './feed-read.error';
import type { FeedDocument, RawFeedItem } from './feed-document';

// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Unknown keys are allowed (the spec's
// extensions start with an underscore, and real feeds add others); a wrong type in one item
// drops that item with a warning instead of the whole feed.
const text = z.string().optional().nullable();
const author = z.looseObject({ name: text, url: text });

const itemSchema = z.looseObject({
  // The spec says string; numbers are common in the wild and just as unique.
  id: z.union([z.string(), z.number()]).optional().nullable(),
  url: text,
  external_url: text,
  title: text,
  content_html: text,
  content_text: text,
  summary: text,
  date_published: text,
  date_modified: text,
  author: author.optional().nullable(),
  authors: z.array(author).optional().nullable(),
  tags: z.array(z.string()).optional().nullable(),
  language: text,
});

const feedSchema = z.looseObject({
  version: z.string().optional(),
  title: text,
  home_page_url: text,
  feed_url: text,
  language: text,
  items: z.array(z.unknown()),
});

const VERSION = /^https?:\/\/jsonfeed\.org\/version\/(1|1\.1)\/?$/;

const orNull = (value: string | null | undefined): string | null => (value ? value : null);

/** Reads a JSON Feed document (already decoded to text). Throws FeedReadError. */
export function readJsonFeed(json: string, encoding: string, warnings: string[]): FeedDocument {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FeedReadError('MALFORMED', `the JSON feed is not valid JSON (${reason})`);
  }
  const feed = feedSchema.safeParse(data);
  if (!feed.success) {
    const version = (data as { version?: unknown } | null)?.version;
    throw new FeedReadError(
      typeof version === 'string' && /jsonfeed\.org/.test(version) ? 'MALFORMED' : 'NOT_A_FEED',
      'the JSON document is not a JSON Feed (no "items" list)',
    );
  }
  const { version } = feed.data;
  if (version === undefined) {
    warnings.push('the JSON feed has no "version"; read as JSON Feed 1.1');
  } else if (!VERSION.test(version)) {
    if (!/jsonfeed\.org\/version\//.test(version)) {
      throw new FeedReadError(
        'NOT_A_FEED',
        `the JSON document's version ${JSON.stringify(version.slice(0, 80))} is not a JSON Feed version`,
      );
    }
    warnings.push(`unknown JSON Feed version ${JSON.stringify(version.slice(0, 80))}; read as 1.1`);
  }

  const items: RawFeedItem[] = [];
  feed.data.items.forEach((raw, index) => {
    const parsed = itemSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      warnings.push(
        `item ${index + 1} skipped: ${issue ? `${issue.path.join('.') || 'item'}: ${issue.message}` : 'invalid'}`,
      );
      return;
    }
    const item = parsed.data;
    const authors = item.authors ?? (item.author ? [item.author] : []);
    items.push({
      guid: item.id === undefined || item.id === null || item.id === '' ? null : String(item.id),
      link: orNull(item.url) ?? orNull(item.external_url),
      title: orNull(item.title),
      summary: orNull(item.summary),
      content: orNull(item.content_html) ?? orNull(item.content_text),
      published: orNull(item.date_published) ?? orNull(item.date_modified),
      author: orNull(
        authors
          .map((a) => a.name ?? '')
          .filter(Boolean)
          .join(', '),
      ),
      categories: item.tags ?? [],
    });
  });
  return {
    format: 'json',
    title: cleanText(feed.data.title, 300) || null,
    link: orNull(feed.data.home_page_url),
    language: orNull(feed.data.language),
    items,
    encoding,
    warnings,
  };
}
