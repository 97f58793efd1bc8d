import { promisify } from 'node:util';
import { constants as zlibConstants, gunzip } from 'node:zlib';

import Parser from 'rss-parser';

import { cleanText } from './clean-text';
import { decodeFeedBytes } from './decode';
import type { FeedDocument, FeedFormat, RawFeedItem } from './feed-document';
import { FeedReadError } from './feed-read.error';
import { readJsonFeed } from './json-feed';
import { guardProlog, scanProlog } from './xml-prolog';
import { repairXml, sanitizeXml } from './xml-repair';

export type { FeedDocument, FeedFormat, RawFeedItem } from './feed-document';

/** The most a feed may weigh once decompressed: past it, TOO_LARGE. */
export const MAX_FEED_BYTES = 20 * 1024 * 1024;

export interface ReadFeedOptions {
  /** Cap on the (decompressed) document size; MAX_FEED_BYTES by default. */
  maxBytes?: number;
}

const gunzipAsync = promisify(gunzip);

const NETSCAPE_RSS_090 = 'my.netscape.com/rdf/simple/0.9';

type XmlItem = Record<string, unknown>;

/** The text of a value xml2js produced: a string, `{ _: text, $: attributes }`, or nested elements. */
function textOf(value: unknown): string | null {
  const collect = (v: unknown, out: string[]): void => {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number') out.push(String(v));
    else if (Array.isArray(v)) v.forEach((x) => collect(x, out));
    else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) if (key !== '$') collect(child, out);
    }
  };
  if (typeof value === 'string') return value.trim() ? value : null;
  const parts: string[] = [];
  collect(Array.isArray(value) ? value[0] : value, parts);
  const joined = parts.join(' ');
  return joined.trim() ? joined : null;
}

function categoriesOf(...lists: unknown[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const attributes = (entry as { $?: Record<string, string> } | null)?.$;
      // Atom: <category term="…" label="…"/>; RSS: <category domain="…">text</category>.
      const name = textOf(entry) ?? attributes?.label ?? attributes?.term ?? null;
      const clean = name?.trim();
      if (clean) seen.add(clean);
    }
  }
  return [...seen];
}

function detectFormat(rootName: string, attributes: Record<string, string>, warnings: string[]): FeedFormat {
  const local = rootName.split(':').pop() ?? rootName;
  if (rootName === 'rss') {
    const version = attributes.version?.trim();
    if (!version) {
      warnings.push('the <rss> element has no version; read as RSS 2.0');
      return 'rss2.0';
    }
    if (/^0\.9/.test(version)) return 'rss0.9x';
    if (!/^2/.test(version))
      warnings.push(`unknown RSS version ${JSON.stringify(version.slice(0, 20))}; read as RSS 2.0`);
    return 'rss2.0';
  }
  if (local === 'RDF') {
    return Object.values(attributes).some((v) => v.includes(NETSCAPE_RSS_090)) ? 'rss0.9x' : 'rss1.0';
  }
  if (rootName === 'feed') return 'atom';
  if (/^(html|head|body)$/i.test(local))
    throw new FeedReadError('NOT_A_FEED', 'the document is an HTML page, not a feed');
  throw new FeedReadError(
    'NOT_A_FEED',
    `the document's root element is <${rootName.slice(0, 40)}>, not a feed's (rss, rdf:RDF or feed)`,
  );
}

function newParser(): Parser<XmlItem, XmlItem> {
  return new Parser<XmlItem, XmlItem>({
    defaultRSS: 2,
    xml2js: {
      strict: true,
      // rss-parser turns Atom's published/updated into ISO strings with `new Date()`, which throws
      // on a bad date and loses the original; renamed, they arrive raw and normaliseItem parses them.
      // Any prefix of RDF's root reads as rdf:RDF, the name rss-parser looks for.
      tagNameProcessors: [
        (name: string) =>
          name === 'published'
            ? 'x-published'
            : name === 'updated'
              ? 'x-updated'
              : /^[^:]+:RDF$/.test(name)
                ? 'rdf:RDF'
                : name,
      ],
    },
    customFields: {
      feed: [['dc:language', 'dcLanguage'] as unknown as string],
      item: [
        ['x-published', 'rawPublished'],
        ['x-updated', 'rawUpdated'],
        ['category', 'rawCategories', { keepArray: true }],
        ['dc:subject', 'dcSubjects', { keepArray: true }],
        ['content:encoded', 'contentEncoded'],
      ],
    },
  });
}

function toItem(format: FeedFormat, it: XmlItem): RawFeedItem {
  const atom = format === 'atom';
  return {
    guid: textOf(it.guid) ?? textOf(it.id) ?? textOf(it['rdf:about']),
    link: textOf(it.link),
    title: textOf(it.title),
    // rss-parser puts an RSS item's <description> in `content`; Atom keeps summary and content apart.
    summary: atom ? textOf(it.summary) : textOf(it.content),
    content: atom ? textOf(it.content) : textOf(it.contentEncoded),
    published: atom
      ? (textOf(it.rawPublished) ?? textOf(it.rawUpdated))
      : (textOf(it.pubDate) ?? textOf(it.date) ?? textOf(it.rawPublished) ?? textOf(it.rawUpdated)),
    author: textOf(it.creator) ?? textOf(it.author),
    categories: categoriesOf(it.categories, atom ? it.rawCategories : null, it.dcSubjects),
  };
}

/** One line from a parser error: sax writes "Unexpected close tag\nLine: 3\nColumn: 7\nChar: >". */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first, ...rest] = message.split('\n');
  const line = /Line: (\d+)/.exec(rest.join(' '))?.[1];
  const column = /Column: (\d+)/.exec(rest.join(' '))?.[1];
  return line ? `${first} at line ${Number(line) + 1}, column ${Number(column) + 1}` : (first ?? message);
}

async function parseXml(xml: string): Promise<Parser.Output<XmlItem> & XmlItem> {
  return newParser().parseString(xml);
}

async function readXml(text: string, encoding: string, warnings: string[]): Promise<FeedDocument> {
  const prolog = scanProlog(text);
  warnings.push(...guardProlog(prolog));
  if (prolog.rootName === null) {
    const leftover = text.replace(/<!--[\s\S]*?(-->|$)|<\?[\s\S]*?(\?>|$)/g, '').trim();
    if (!leftover)
      throw new FeedReadError('EMPTY', 'the document has no elements (only comments or declarations)');
    throw new FeedReadError('NOT_A_FEED', 'the document is neither XML nor JSON');
  }
  const format = detectFormat(prolog.rootName, prolog.rootAttributes, warnings);

  // The prolog is done with: from here on the parser sees no declaration (so an XML 1.1 or a
  // misplaced one cannot trouble it) and no DOCTYPE.
  // Its newlines stay, so the parser's line numbers still point into the document.
  const prologLines = text.slice(0, prolog.rootIndex).replace(/[^\n]/g, '');
  const sanitized = sanitizeXml(prologLines + text.slice(prolog.rootIndex));
  if (sanitized.changed) {
    warnings.push(
      'unescaped "&", entities unknown to XML or forbidden characters were kept as text or dropped',
    );
  }
  if (format !== 'atom' && !/<([A-Za-z_][\w.-]*:)?channel[\s/>]/.test(sanitized.text)) {
    // rss-parser needs a channel; without one the feed holds nothing to read.
    warnings.push(`the <${prolog.rootName}> element has no <channel>, so no items`);
    const language = prolog.rootAttributes['xml:lang'] ?? null;
    return { format, title: null, link: null, language, items: [], encoding, warnings };
  }
  let feed: Parser.Output<XmlItem> & XmlItem;
  try {
    feed = await parseXml(sanitized.text);
  } catch (error) {
    const reason = describe(error);
    const repaired = repairXml(sanitized.text);
    try {
      feed = await parseXml(repaired);
    } catch {
      throw new FeedReadError('MALFORMED', `the document is not well-formed XML (${reason})`);
    }
    warnings.push(`the XML was not well-formed (${reason}); repaired and read`);
  }

  return {
    format,
    title: cleanText(textOf(feed.title), 300) || null,
    link: textOf(feed.link),
    language: textOf(feed.language) ?? textOf(feed.dcLanguage) ?? prolog.rootAttributes['xml:lang'] ?? null,
    items: feed.items.map((item) => toItem(format, item)),
    encoding,
    warnings,
  };
}

async function inflate(bytes: Buffer, maxBytes: number, warnings: string[]): Promise<Buffer> {
  try {
    // Sync flush: a truncated gzip stream still gives what it holds.
    const out = await gunzipAsync(bytes, {
      maxOutputLength: maxBytes,
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
    });
    warnings.push(`the body was gzip-compressed (${bytes.length} bytes, ${out.length} decompressed)`);
    return out;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new FeedReadError(
        'TOO_LARGE',
        `the gzip-compressed document is larger than ${maxBytes} bytes once decompressed`,
      );
    }
    throw new FeedReadError('MALFORMED', `the gzip-compressed document is corrupt (${describe(error)})`);
  }
}

async function read(
  input: Buffer,
  contentType: string | null | undefined,
  maxBytes: number,
): Promise<FeedDocument> {
  const warnings: string[] = [];
  if (input.length === 0) throw new FeedReadError('EMPTY', 'the document is empty (0 bytes)');
  if (input.length > maxBytes)
    throw new FeedReadError('TOO_LARGE', `the document is larger than ${maxBytes} bytes`);
  const bytes = input[0] === 0x1f && input[1] === 0x8b ? await inflate(input, maxBytes, warnings) : input;

  const decoded = decodeFeedBytes(bytes, contentType);
  warnings.push(...decoded.warnings);
  // A second BOM (one from the bytes, one from a careless re-encoding) and leading blank lines.
  const text = decoded.text.replace(/^[\s\ufeff]+/, '');
  if (!text) throw new FeedReadError('EMPTY', 'the document holds only whitespace');
  if (text.startsWith('{') || text.startsWith('[')) return readJsonFeed(text, decoded.encoding, warnings);
  return readXml(text, decoded.encoding, warnings);
}

/**
 * Reads a feed from the bytes a server sent: gunzips them if they are gzip, decodes them (BOM,
 * HTTP charset, XML declaration, sniffing), refuses DTD entities and external DTDs, and parses RSS
 * 0.9x, 1.0 and 2.0 and Atom with rss-parser, JSON Feed 1.0 and 1.1 with a zod schema. Malformed
 * XML is repaired where a lenient reading works (bare ampersands, truncated documents, unclosed
 * elements). Throws only FeedReadError, with a one-line message.
 */
export async function readFeed(
  bytes: Buffer,
  contentType?: string | null,
  options: ReadFeedOptions = {},
): Promise<FeedDocument> {
  try {
    return await read(bytes, contentType, options.maxBytes ?? MAX_FEED_BYTES);
  } catch (error) {
    if (error instanceof FeedReadError) throw error;
    throw new FeedReadError('MALFORMED', `the feed could not be read (${describe(error)})`);
  }
}
