import { isUtf8 } from 'node:buffer';

import { decodeHTML } from 'entities';
import * as iconv from 'iconv-lite';

// windows-1252's glyphs for 0x80–0x9F. Text that holds C1 control characters almost always meant
// these (a cp1252 document read as Latin-1, or `&#146;` for a right quote); HTML5 reads numeric
// references in that range the same way.
const CP1252_C1 = iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'windows-1252');

function cp1252ForC1(code: number): string {
  const ch = CP1252_C1[code - 0x80];
  return ch && ch !== '\ufffd' ? ch : '';
}

/** The one byte a character stands for in windows-1252 / Latin-1 text, or -1. */
function legacyByte(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code < 0x100) return code;
  const at = CP1252_C1.indexOf(ch);
  return at >= 0 ? 0x80 + at : -1;
}

const CP1252_EXTRA = [...CP1252_C1].filter((ch) => ch.charCodeAt(0) >= 0x100).join('');
const CONT = `[\\u0080-\\u00bf${CP1252_EXTRA}]`;
// UTF-8 read as windows-1252 or Latin-1: a lead byte's character, then continuation bytes' ones.
const MOJIBAKE = new RegExp(
  `[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`,
  'g',
);

/** Turns "â€™" and "Ã©" (UTF-8 decoded as windows-1252 or Latin-1) back into "’" and "é". */
export function repairMojibake(text: string): string {
  return text.replace(MOJIBAKE, (match) => {
    const bytes = Buffer.from([...match].map(legacyByte));
    return isUtf8(bytes) ? bytes.toString('utf8') : match;
  });
}

/**
 * Decodes character references as a browser does (the whole HTML5 named set, numeric ones with
 * windows-1252 meanings for 0x80–0x9F, a missing `;` where HTML allows it).
 */
export function decodeHtmlEntities(text: string): string {
  return decodeHTML(text);
}

// Elements whose content is not text a reader sees.
const HIDDEN =
  /<(script|style|noscript|template|iframe|object|svg|math)\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
// Inline elements join their text to their neighbours'; every other tag separates words.
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);
const TAG = /<\/?([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const LOOSE_TAG = /<\/?([A-Za-z][^\s/>]*)[^>]*>/g;

function stripTags(html: string): string {
  const replace = (_: string, name: string): string => (INLINE.has(name.toLowerCase()) ? '' : ' ');
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(HIDDEN, ' ')
    .replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, '$1')
    .replace(/<![^>]*>|<\?[\s\S]*?(?:\?>|$)/g, ' ')
    .replace(TAG, replace)
    .replace(LOOSE_TAG, replace);
}

// C0 controls other than whitespace; C1 controls are mapped through windows-1252 first.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\u200b\ufeff\ufffe\uffff]/g;

// A high surrogate without its low half, or a low one without its high half.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// NUL and the other C0 controls but tab and newline, DEL, and the C1 controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * The one rule for characters from outside (every field of every feed format): NUL, lone
 * surrogates and control characters other than tab and newline are dropped. PostgreSQL refuses
 * the first two in text and JSON, and XML cannot carry any of them.
 */
export function stripUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE, '').replace(LONE_SURROGATE, '');
}

/** Cuts text to at most maxLength characters, on a word boundary where there is one nearby, with '…'. */
export function truncate(text: string, maxLength: number): string {
  // A string has at least as many UTF-16 units as characters.
  if (text.length <= maxLength) return text;
  const chars = [...text];
  if (chars.length <= maxLength) return text;
  if (maxLength <= 1) return '…'.slice(0, maxLength);
  const cut = chars.slice(0, maxLength - 1).join('');
  const space = cut.lastIndexOf(' ');
  // A boundary in the last third keeps most of the text; CJK text has none and is cut anywhere.
  const kept = space > cut.length * 0.66 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

/**
 * Plain text from a feed's HTML or text: scripts, styles and comments dropped, tags stripped,
 * character references decoded (also double-escaped markup), mojibake and C1 control characters
 * turned back into what was meant, other controls and lone surrogates dropped, whitespace folded, and at most maxLength characters, cut on a
 * word boundary with '…'.
 */
export function cleanText(htmlOrText: string | null | undefined, maxLength?: number): string {
  if (!htmlOrText) return '';
  // Plain text (most titles) has no tag and no reference to strip or decode.
  let text = htmlOrText.includes('<') ? stripTags(htmlOrText) : htmlOrText;
  if (text.includes('&')) text = decodeHtmlEntities(text);
  // Markup escaped twice ("&lt;p&gt;") shows up as tags only now.
  if (/<\/?[A-Za-z][^>]*>/.test(text)) text = stripTags(text);
  text = repairMojibake(text)
    .replace(/[\u0080-\u009f]/g, (c) => cp1252ForC1(c.charCodeAt(0)))
    .replace(CONTROLS, '')
    .replace(LONE_SURROGATE, '')
    .replace(/\s+/g, ' ')
    .trim();
  return maxLength !== undefined && maxLength >= 0 ? truncate(text, maxLength) : text;
}
