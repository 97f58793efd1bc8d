import { FeedReadError } from './feed-read.error';

/** A DOCTYPE declaration as written; its DTD is never loaded. */
export interface Doctype {
  name: string;
  publicId: string | null;
  systemId: string | null;
  internalSubset: string | null;
}

/** What comes before the root element, and where the root element starts. */
export interface Prolog {
  doctype: Doctype | null;
  /** An `<!ENTITY` (or other markup declaration) outside a DOCTYPE: never valid, always refused. */
  strayDeclaration: boolean;
  rootName: string | null;
  /** The root start tag's attributes, as written (entity references left alone). */
  rootAttributes: Record<string, string>;
  /** Index of the root element's `<` in the text; the text's length when there is none. */
  rootIndex: number;
}

const NAME = /[^\s/>[\]"'=]+/y;

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function readQuoted(text: string, i: number): { value: string; end: number } | null {
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return null;
  const close = text.indexOf(quote, i + 1);
  if (close < 0) return null;
  return { value: text.slice(i + 1, close), end: close + 1 };
}

/** Parses `<!DOCTYPE name [PUBLIC "p" "s" | SYSTEM "s"] [[ subset ]]>` from index i (at `<!`). */
function readDoctype(text: string, start: number): { doctype: Doctype; end: number } {
  let i = skipSpace(text, start + '<!DOCTYPE'.length);
  NAME.lastIndex = i;
  const name = NAME.exec(text)?.[0] ?? '';
  i = skipSpace(text, i + name.length);
  let publicId: string | null = null;
  let systemId: string | null = null;
  const keyword = text.slice(i, i + 6).toUpperCase();
  if (keyword === 'PUBLIC' || keyword === 'SYSTEM') {
    i = skipSpace(text, i + 6);
    const first = readQuoted(text, i);
    if (first) {
      i = skipSpace(text, first.end);
      if (keyword === 'PUBLIC') {
        publicId = first.value;
        const second = readQuoted(text, i);
        if (second) {
          systemId = second.value;
          i = skipSpace(text, second.end);
        }
      } else {
        systemId = first.value;
      }
    }
  }
  let internalSubset: string | null = null;
  if (text[i] === '[') {
    // The subset ends at the first `]` outside quotes and comments.
    let j = i + 1;
    while (j < text.length && text[j] !== ']') {
      if (text[j] === '"' || text[j] === "'") {
        const q = readQuoted(text, j);
        j = q ? q.end : text.length;
      } else if (text.startsWith('<!--', j)) {
        const close = text.indexOf('-->', j + 4);
        j = close < 0 ? text.length : close + 3;
      } else {
        j++;
      }
    }
    internalSubset = text.slice(i + 1, j);
    i = j + 1;
  }
  const close = text.indexOf('>', i);
  return {
    doctype: { name, publicId, systemId, internalSubset },
    end: close < 0 ? text.length : close + 1,
  };
}

function readAttributes(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes[m[1]!] = m[2] ?? m[3] ?? '';
  }
  return attributes;
}

/**
 * Reads the prolog (XML declaration, processing instructions, comments, DOCTYPE) up to the root
 * element without parsing anything else: linear in the prolog's length, so an entity bomb costs
 * no more than reading its declarations.
 */
export function scanProlog(text: string): Prolog {
  let doctype: Doctype | null = null;
  let strayDeclaration = false;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      i = close < 0 ? text.length : close + 3;
    } else if (/^<!DOCTYPE\b/i.test(text.slice(lt, lt + 10))) {
      const read = readDoctype(text, lt);
      doctype ??= read.doctype;
      if (doctype !== read.doctype) strayDeclaration = true;
      i = read.end;
    } else if (text.startsWith('<!', lt)) {
      // <!ENTITY, <!ELEMENT, <!ATTLIST… outside a DOCTYPE.
      strayDeclaration = true;
      const close = text.indexOf('>', lt);
      i = close < 0 ? text.length : close + 1;
    } else if (/[A-Za-z_:]/.test(text[lt + 1] ?? '')) {
      NAME.lastIndex = lt + 1;
      const rootName = NAME.exec(text)?.[0] ?? '';
      let end = lt + 1 + rootName.length;
      // The start tag ends at the first `>` outside quoted attribute values.
      let quote: string | null = null;
      while (end < text.length && (quote !== null || text[end] !== '>')) {
        const ch = text[end]!;
        if (quote === null && (ch === '"' || ch === "'")) quote = ch;
        else if (ch === quote) quote = null;
        end++;
      }
      return {
        doctype,
        strayDeclaration,
        rootName,
        rootAttributes: readAttributes(text.slice(lt + 1 + rootName.length, end)),
        rootIndex: lt,
      };
    } else {
      i = lt + 1;
    }
  }
  return { doctype, strayDeclaration, rootName: null, rootAttributes: {}, rootIndex: text.length };
}

/** DTDs that old RSS 0.91 feeds name and that only declare HTML's Latin-1 entities. */
const HARMLESS_DTDS = [
  /^-\/\/Netscape Communications\/\/DTD RSS 0\.91\/\/EN$/i,
  /^https?:\/\/my\.netscape\.com\/publish\/formats\/rss-0\.91\.dtd$/i,
  /^https?:\/\/www\.rssboard\.org\/rss-0\.91\.dtd$/i,
];

const quoteForMessage = (value: string): string =>
  JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/**
 * Refuses what would make an XML parser expand or fetch entities: a DTD internal subset, an
 * entity declaration anywhere in the prolog, or a DOCTYPE pointing at a DTD that a validating
 * parser would fetch. The Netscape RSS 0.91 DOCTYPE is common and harmless (we never load it): it
 * is ignored with a warning, and so is a bare `<!DOCTYPE rss>`. A DOCTYPE for `html` means an HTML
 * page, which is not a feed. Returns the warnings for what was ignored.
 */
export function guardProlog(prolog: Prolog): string[] {
  const { doctype } = prolog;
  if (prolog.strayDeclaration) {
    throw new FeedReadError(
      'ENTITIES_REFUSED',
      'the document declares XML entities or markup outside its DOCTYPE; refused',
    );
  }
  if (!doctype) return [];
  if (doctype.internalSubset !== null) {
    throw new FeedReadError(
      'ENTITIES_REFUSED',
      /<!ENTITY/i.test(doctype.internalSubset)
        ? 'the document declares XML entities (DTD internal subset); refused'
        : 'the document has a DTD internal subset; refused',
    );
  }
  if (doctype.name.toLowerCase() === 'html') {
    throw new FeedReadError('NOT_A_FEED', 'the document is an HTML page, not a feed');
  }
  const ids = [doctype.publicId, doctype.systemId].filter((id): id is string => id !== null);
  const harmless = ids.some((id) => HARMLESS_DTDS.some((re) => re.test(id.trim())));
  if (ids.length > 0 && !harmless) {
    const what = doctype.systemId ?? doctype.publicId ?? '';
    throw new FeedReadError(
      'ENTITIES_REFUSED',
      `the document references an external DTD (${quoteForMessage(what)}) that would have to be fetched; refused`,
    );
  }
  return [
    ids.length > 0
      ? `the DOCTYPE's DTD (${quoteForMessage(doctype.publicId ?? doctype.systemId ?? '')}) was ignored, not loaded`
      : 'the DOCTYPE was ignored',
  ];
}
