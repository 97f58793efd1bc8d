/**
 * Lenient fixes for the XML real feeds send, applied to the text from the root element on (the
 * prolog, DOCTYPE included, is already gone). Nothing here expands an entity: references the XML
 * parser would not know are turned into text, so `&uuml;` reaches the item as the five characters
 * `&uuml;` and the HTML clean-up of titles and excerpts decodes it like any HTML entity.
 */

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

// Characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates).
const FORBIDDEN_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const isXmlChar = (code: number): boolean =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  (code >= 0x10000 && code <= 0x10ffff);

function fixReferences(segment: string): string {
  return segment.replace(/&(#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)?/g, (match: string, ref?: string) => {
    if (!ref) return '&amp;'; // a bare ampersand, as in "AT&T" or an unescaped query string
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2, -1), 16) : parseInt(ref.slice(1, -1), 10);
      return isXmlChar(code) ? match : '';
    }
    return XML_ENTITIES.has(ref.slice(0, -1)) ? match : `&amp;${ref}`;
  });
}

/** Splits text into markup-free stretches and CDATA sections, comments and PIs left as they are. */
function mapOutsideLiterals(text: string, fix: (segment: string) => string): string {
  const out: string[] = [];
  let i = 0;
  const literal = /<!\[CDATA\[|<!--|<\?/g;
  while (i < text.length) {
    literal.lastIndex = i;
    const m = literal.exec(text);
    if (!m) {
      out.push(fix(text.slice(i)));
      break;
    }
    out.push(fix(text.slice(i, m.index)));
    const terminator = m[0] === '<![CDATA[' ? ']]>' : m[0] === '<!--' ? '-->' : '?>';
    const close = text.indexOf(terminator, m.index + m[0].length);
    const end = close < 0 ? text.length : close + terminator.length;
    out.push(text.slice(m.index, end));
    i = end;
  }
  return out.join('');
}

/** Always applied: escapes bare `&`, keeps unknown named entities as text, drops forbidden characters. */
export function sanitizeXml(text: string): { text: string; changed: boolean } {
  const fixed = mapOutsideLiterals(text.replace(FORBIDDEN_CHARS, ''), fixReferences);
  return { text: fixed, changed: fixed !== text };
}

const START_TAG = /<([A-Za-z_:][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/y;
const END_TAG = /<\/([^\s>]+)\s*>/y;

/**
 * Applied only when the parser refused the text: closes what a truncated document left open
 * (an element, a CDATA section, a comment, a half-written tag), drops end tags that close
 * nothing, closes elements left open inside a parent that ends, quotes bare attribute values and
 * escapes a `<` that starts no markup.
 */
export function repairXml(text: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      out.push(text.slice(i));
      break;
    }
    out.push(text.slice(i, lt));
    const rest = text.slice(lt, lt + 10);
    if (rest.startsWith('<![CDATA[') || rest.startsWith('<!--') || rest.startsWith('<?')) {
      const terminator = rest.startsWith('<![CDATA[') ? ']]>' : rest.startsWith('<!--') ? '-->' : '?>';
      const close = text.indexOf(terminator, lt + 4);
      if (close < 0) {
        out.push(text.slice(lt), terminator);
        i = text.length;
      } else {
        out.push(text.slice(lt, close + terminator.length));
        i = close + terminator.length;
      }
      continue;
    }
    END_TAG.lastIndex = lt;
    const end = END_TAG.exec(text);
    if (end) {
      const name = end[1]!;
      const at = open.lastIndexOf(name);
      if (at >= 0) {
        while (open.length > at + 1) out.push(`</${open.pop()!}>`);
        open.pop();
        out.push(`</${name}>`);
      }
      i = lt + end[0].length;
      continue;
    }
    START_TAG.lastIndex = lt;
    const start = START_TAG.exec(text);
    if (start) {
      const attributes = start[2]!.replace(/(\s[^\s=/>"']+)\s*=\s*([^\s"'>]+)/g, '$1="$2"');
      out.push(`<${start[1]!}${attributes}${start[3]!}>`);
      if (!start[3]) open.push(start[1]!);
      i = lt + start[0].length;
      continue;
    }
    if (!text.includes('>', lt)) {
      // A tag cut off by the end of the document.
      i = text.length;
      continue;
    }
    out.push('&lt;');
    i = lt + 1;
  }
  while (open.length > 0) out.push(`</${open.pop()!}>`);
  return out.join('');
}
