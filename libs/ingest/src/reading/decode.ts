import { isUtf8 } from 'node:buffer';

import * as iconv from 'iconv-lite';

/** Text decoded from a feed's bytes, and how the encoding was chosen. */
export interface DecodedText {
  text: string;
  /** The codec used, as iconv-lite names it ('utf-8', 'windows-1251', 'gb18030'…). */
  encoding: string;
  via: 'bom' | 'http' | 'xml' | 'sniffed' | 'default';
  /** What was odd about the bytes or the declarations (a bogus name, invalid bytes…). */
  warnings: string[];
}

const BOMS: { bytes: number[]; encoding: string }[] = [
  // UTF-32LE before UTF-16LE: FF FE 00 00 starts with the UTF-16LE mark.
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

/**
 * Labels as feeds and servers write them, mapped to the codec that reads them best. As browsers
 * do (WHATWG Encoding), ASCII and Latin-1 read as windows-1252 (a superset: its 0x80–0x9F are the
 * curly quotes such feeds really mean), GB2312 and GBK as GB18030, Shift_JIS as its Microsoft
 * superset, Big5 with the HKSCS extension.
 */
const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-unicode20utf8': 'utf-8',
  ascii: 'windows-1252',
  'us-ascii': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  l1: 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  cp936: 'gb18030',
  'x-gbk': 'gb18030',
  'euc-cn': 'gb18030',
  'gb_2312-80': 'gb18030',
  csgb2312: 'gb18030',
  chinese: 'gb18030',
  big5: 'big5hkscs',
  'big5-hkscs': 'big5hkscs',
  'cn-big5': 'big5hkscs',
  'x-x-big5': 'big5hkscs',
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  ms_kanji: 'cp932',
  'windows-31j': 'cp932',
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  cp1251: 'windows-1251',
  'x-cp1251': 'windows-1251',
};

const UNICODE_WIDE = /^utf-?(16|32)(le|be)?$/;
const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[a-z]+|ibm866|macintosh|cp125\d)$/;

const isAscii = (bytes: Buffer): boolean => bytes.every((b) => b < 0x80);

/** The codec for a declared label, or null when iconv-lite has none. */
function codecFor(label: string): string | null {
  const name = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!name) return null;
  const mapped = ALIASES[name] ?? name;
  return iconv.encodingExists(mapped) ? mapped : null;
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

function decodeWith(bytes: Buffer, encoding: string): string {
  // BOMs are handled (and sliced off) by the caller; a later U+FEFF is content.
  return iconv.decode(bytes, encoding, { stripBOM: false });
}

/** UTF-16/32 without a BOM, recognised by where the zero bytes of ASCII markup fall. */
function sniffWide(bytes: Buffer): string | null {
  const n = Math.min(bytes.length, 512) & ~3;
  if (n < 4) return null;
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x3c])) return 'utf-32be';
  if (startsWith(bytes, [0x3c, 0x00, 0x00, 0x00])) return 'utf-32le';
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) evenZero++;
      else oddZero++;
    }
  }
  const half = n / 2;
  // Markup is mostly ASCII, so one byte of every pair is zero: the high one.
  if (evenZero > half * 0.4 && oddZero < half * 0.05) return 'utf-16be';
  if (oddZero > half * 0.4 && evenZero < half * 0.05) return 'utf-16le';
  return null;
}

/** The charset parameter of a Content-Type header. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return match?.[2] ?? null;
}

/** The encoding named in an XML declaration read as ASCII (`<?xml version="1.0" encoding="…"?>`). */
function declaredXmlEncoding(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const decl = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(head);
  return decl?.[2] ?? null;
}

const CYRILLIC_LETTER = /[\u0410-\u044f\u0401\u0451]/;
const CYRILLIC_LOWER = /[\u0430-\u044f\u0451]/;
const KANA = /[\u3040-\u30ff]/;

/**
 * A guess at the legacy encoding of bytes that are not UTF-8 and declare nothing usable.
 * - Accented Latin letters are mostly single high bytes between ASCII ones; Cyrillic and CJK words
 *   are runs of them.
 * - Read as a two-byte CJK code, Cyrillic text breaks at once (an odd run followed by a space is no
 *   valid pair), while real CJK text reads cleanly in its own code.
 * - Between the Cyrillic codecs: real text is mostly lower case, and KOI8-R and windows-1251 swap
 *   the cases. Between the CJK codecs: Japanese is full of kana; Big5's second bytes often fall in
 *   0x40–0x7E, GB2312's never do.
 */
export function sniffLegacyEncoding(bytes: Buffer): string {
  let runs = 0;
  let highBytes = 0;
  let pairs = 0;
  let lowTrails = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    if (i === 0 || bytes[i - 1]! < 0x80) runs++;
    highBytes++;
  }
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i]! < 0x81) continue;
    const trail = bytes[i + 1]!;
    pairs++;
    if (trail >= 0x40 && trail <= 0x7e) lowTrails++;
    i++;
  }
  if (runs === 0) return 'utf-8';
  if (highBytes / runs < 2.5) return 'windows-1252';

  const broken = (text: string): number => (text.match(/\ufffd/g)?.length ?? 0) / highBytes;
  const sjis = decodeWith(bytes, 'cp932');
  const cjkFits = Math.min(
    broken(sjis),
    broken(decodeWith(bytes, 'gb18030')),
    broken(decodeWith(bytes, 'big5hkscs')),
  );
  if (cjkFits > 0.01) {
    const lowerShare = (encoding: string): number => {
      let letters = 0;
      let lower = 0;
      for (const ch of decodeWith(bytes, encoding)) {
        if (!CYRILLIC_LETTER.test(ch)) continue;
        letters++;
        if (CYRILLIC_LOWER.test(ch)) lower++;
      }
      return letters === 0 ? 0 : lower / letters;
    };
    return lowerShare('koi8-r') > lowerShare('windows-1251') ? 'koi8-r' : 'windows-1251';
  }

  const sjisChars = [...sjis].filter((ch) => ch.charCodeAt(0) >= 0x80);
  const kana = sjisChars.filter((ch) => KANA.test(ch)).length;
  if (broken(sjis) <= 0.01 && sjisChars.length > 0 && kana / sjisChars.length > 0.15) return 'cp932';
  if (pairs > 0 && lowTrails / pairs > 0.05) return 'big5hkscs';
  return 'gb18030';
}

const wideButNarrow = (encoding: string, bytes: Buffer): boolean =>
  UNICODE_WIDE.test(encoding) && sniffWide(bytes) === null;

/**
 * Decodes a feed's bytes: a byte-order mark first, then the HTTP charset, then the XML
 * declaration (or the byte pattern of UTF-16/32 markup), then UTF-8 when the bytes are valid
 * UTF-8, and a sniffed legacy encoding when they are not. A declaration that names an unknown
 * encoding, or one that the bytes contradict (UTF-8 declared, Latin-1 bytes), is set aside with a
 * warning rather than failing the feed.
 */
export function decodeFeedBytes(bytes: Buffer, contentType?: string | null): DecodedText {
  const warnings: string[] = [];

  for (const bom of BOMS) {
    if (!startsWith(bytes, bom.bytes)) continue;
    const body = bytes.subarray(bom.bytes.length);
    if (bom.encoding === 'utf-8' && !isUtf8(body)) {
      warnings.push(
        'the document starts with a UTF-8 byte-order mark but has invalid UTF-8 bytes; they were replaced',
      );
    }
    return { text: decodeWith(body, bom.encoding), encoding: bom.encoding, via: 'bom', warnings };
  }

  const tryDeclared = (label: string, source: 'http' | 'xml'): DecodedText | null => {
    const where = source === 'http' ? 'the HTTP charset' : 'the XML declaration';
    const encoding = codecFor(label);
    if (!encoding) {
      warnings.push(`${where} names an unknown encoding "${label.slice(0, 40)}"; ignored`);
      return null;
    }
    if (wideButNarrow(encoding, bytes)) {
      warnings.push(`${where} says ${label} but the bytes are not ${label}; ignored`);
      return null;
    }
    if (encoding === 'utf-8' && !isUtf8(bytes)) {
      warnings.push(`${where} says UTF-8 but the bytes are not valid UTF-8; ignored`);
      return null;
    }
    if (SINGLE_BYTE.test(encoding) && !isAscii(bytes) && isUtf8(bytes)) {
      // Servers and CMSs label UTF-8 as Latin-1 all the time; legacy text is almost never valid UTF-8.
      warnings.push(`${where} says ${label} but the bytes are valid UTF-8; read as UTF-8`);
      return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8', via: 'sniffed', warnings };
    }
    const wide = UNICODE_WIDE.test(encoding) ? (sniffWide(bytes) ?? encoding) : encoding;
    return { text: decodeWith(bytes, wide), encoding: wide, via: source, warnings };
  };

  const httpCharset = charsetOf(contentType);
  if (httpCharset) {
    const decoded = tryDeclared(httpCharset, 'http');
    if (decoded) return decoded;
  }

  const wide = sniffWide(bytes);
  if (wide) {
    const text = decodeWith(bytes, wide);
    return { text, encoding: wide, via: /^\s*<\?xml/.test(text) ? 'xml' : 'sniffed', warnings };
  }

  const xmlEncoding = declaredXmlEncoding(bytes);
  if (xmlEncoding) {
    const decoded = tryDeclared(xmlEncoding, 'xml');
    if (decoded) return decoded;
  }

  if (isUtf8(bytes)) return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8', via: 'default', warnings };
  const guessed = sniffLegacyEncoding(bytes);
  return { text: decodeWith(bytes, guessed), encoding: guessed, via: 'sniffed', warnings };
}
