import * as iconv from 'iconv-lite';

import { charsetOf, decodeFeedBytes } from './decode';

const RU = 'Китай и Таджикистан провели совместные антитеррористические учения';
const ZH = '中国与塔吉克斯坦举行联合反恐演习，上海合作组织地区反恐怖机构理事会召开会议';
const ZH_HANT = '中吉兩國簽署邊境安全合作備忘錄，備忘錄涵蓋兩國邊防部門之間的資訊交流';
const JA = 'カザフスタンと中国が国境の安全について話し合いました。これは試験です';

const feed = (title: string, declaration = ''): string =>
  `${declaration}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const decl = (encoding: string): string => `<?xml version="1.0" encoding="${encoding}"?>\n`;

describe('decodeFeedBytes', () => {
  it.each([
    ['utf-8', [0xef, 0xbb, 0xbf]],
    ['utf-16le', [0xff, 0xfe]],
    ['utf-16be', [0xfe, 0xff]],
    ['utf-32le', [0xff, 0xfe, 0x00, 0x00]],
    ['utf-32be', [0x00, 0x00, 0xfe, 0xff]],
  ])('reads a %s byte-order mark first, whatever the declarations say', (encoding, bom) => {
    const bytes = Buffer.concat([Buffer.from(bom), iconv.encode(feed(RU, decl('windows-1251')), encoding)]);
    const decoded = decodeFeedBytes(bytes, 'text/xml; charset=koi8-r');
    expect(decoded).toMatchObject({ encoding, via: 'bom', warnings: [] });
    expect(decoded.text).toBe(feed(RU, decl('windows-1251')));
  });

  it('takes the HTTP charset over the XML declaration', () => {
    const bytes = iconv.encode(feed(RU, decl('koi8-r')), 'windows-1251');
    const decoded = decodeFeedBytes(bytes, 'application/rss+xml; charset="Windows-1251"');
    expect(decoded).toMatchObject({ encoding: 'windows-1251', via: 'http' });
    expect(decoded.text).toContain(RU);
  });

  it.each([
    ['windows-1251', RU, 'windows-1251'],
    ['KOI8-R', RU, 'koi8-r'],
    ['gb2312', ZH, 'gb18030'],
    ['GBK', ZH, 'gb18030'],
    ['big5', ZH_HANT, 'big5hkscs'],
    ['Shift_JIS', JA, 'cp932'],
    ['ISO-8859-1', 'Jornal de Notícias – Últimas', 'windows-1252'],
  ])('reads an XML declaration of %s', (label, text, codec) => {
    const bytes = iconv.encode(feed(text, decl(label)), codec);
    const decoded = decodeFeedBytes(bytes, 'text/xml');
    expect(decoded).toMatchObject({ encoding: codec, via: 'xml', warnings: [] });
    expect(decoded.text).toContain(`<title>${text}</title>`);
  });

  it('decodes GB2312 as GBK, so characters outside GB2312 survive', () => {
    const bytes = iconv.encode(feed('记者 王镕', decl('gb2312')), 'gbk');
    expect(decodeFeedBytes(bytes).text).toContain('记者 王镕');
  });

  it.each(['utf-16le', 'utf-16be'])('recognises %s without a BOM by its byte pattern', (encoding) => {
    const withDecl = decodeFeedBytes(iconv.encode(feed(RU, decl('utf-16')), encoding));
    expect(withDecl).toMatchObject({ encoding, via: 'xml' });
    expect(withDecl.text).toContain(RU);
    const bare = decodeFeedBytes(iconv.encode(feed('Border Watch'), encoding));
    expect(bare).toMatchObject({ encoding, via: 'sniffed' });
  });

  it('sets aside a bogus encoding name with a warning and reads UTF-8', () => {
    const decoded = decodeFeedBytes(Buffer.from(feed('Qytai — Қытай', decl('bogus'))));
    expect(decoded).toMatchObject({ encoding: 'utf-8', via: 'default' });
    expect(decoded.text).toContain('Qytai — Қытай');
    expect(decoded.warnings).toEqual(['the XML declaration names an unknown encoding "bogus"; ignored']);
  });

  it('does not believe a UTF-8 declaration over Latin-1 bytes', () => {
    const bytes = iconv.encode(feed('Anaïs et Jürgen', decl('utf-8')), 'latin1');
    const decoded = decodeFeedBytes(bytes, 'text/xml; charset=utf-8');
    expect(decoded).toMatchObject({ encoding: 'windows-1252', via: 'sniffed' });
    expect(decoded.text).toContain('Anaïs et Jürgen');
    expect(decoded.warnings).toHaveLength(2);
  });

  it('reads UTF-8 labelled as Latin-1 as UTF-8, with a warning', () => {
    const bytes = Buffer.from(feed('Jornal de Notícias – Últimas', decl('iso-8859-1')));
    const decoded = decodeFeedBytes(bytes, 'text/xml; charset=ISO-8859-1');
    expect(decoded).toMatchObject({ encoding: 'utf-8', via: 'sniffed' });
    expect(decoded.text).toContain('Jornal de Notícias – Últimas');
    expect(decoded.warnings).toEqual([
      'the HTTP charset says ISO-8859-1 but the bytes are valid UTF-8; read as UTF-8',
    ]);
  });

  it('reads US-ASCII with high bytes as windows-1252 (curly quotes, not control characters)', () => {
    const bytes = Buffer.concat([Buffer.from(feed('don', decl('us-ascii'))), Buffer.from([0x92, 0x74])]);
    expect(decodeFeedBytes(bytes).text).toContain('don</title></channel></rss>’t');
  });

  it('replaces invalid bytes after a UTF-8 BOM and says so', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Espa'),
      Buffer.from([0xf1]),
      Buffer.from('a'),
    ]);
    const decoded = decodeFeedBytes(bytes);
    expect(decoded.text).toBe('Espa\ufffda');
    expect(decoded.warnings[0]).toMatch(/invalid UTF-8/);
  });

  it.each([
    ['windows-1251', RU, 'windows-1251'],
    ['koi8-r', RU, 'koi8-r'],
    ['gbk', ZH, 'gb18030'],
    ['big5', ZH_HANT, 'big5hkscs'],
    ['shift_jis', JA, 'cp932'],
    [
      'latin1',
      'Perturbateurs endocriniens : quels effets sur le cerveau ? Très complexe, déjà vu',
      'windows-1252',
    ],
  ])('guesses undeclared %s bytes', (encoding, text, codec) => {
    const decoded = decodeFeedBytes(iconv.encode(feed(text), encoding));
    expect(decoded).toMatchObject({ encoding: codec, via: 'sniffed' });
    expect(decoded.text).toContain(text);
  });

  it('reads plain ASCII and valid UTF-8 as UTF-8 by default', () => {
    expect(decodeFeedBytes(Buffer.from(feed('中亚 Central Asia')))).toMatchObject({
      encoding: 'utf-8',
      via: 'default',
      text: feed('中亚 Central Asia'),
    });
  });
});

describe('charsetOf', () => {
  it.each([
    ['text/xml; charset=UTF-8', 'UTF-8'],
    ['application/rss+xml;charset="windows-1251"', 'windows-1251'],
    ['text/xml', null],
    [null, null],
  ])('%s → %s', (header, charset) => {
    expect(charsetOf(header)).toBe(charset);
  });
});
