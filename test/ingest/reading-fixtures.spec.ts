import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  type FeedDocument,
  FeedReadError,
  type FeedReadErrorCode,
  type NormalisedItem,
  normaliseItem,
  readFeed,
} from '@app/ingest';

// Every feed fixture we may ship (test/fixtures/feeds/SOURCES.tsv says where each came from and
// under which licence), read as the worker reads a fetched body: bytes in, document or one-line
// FeedReadError out, then every item normalised.

const ROOT = join(__dirname, '..', 'fixtures', 'feeds');
const FETCHED_AT = new Date('2026-01-01T00:00:00Z');

interface Outcome {
  doc: FeedDocument | null;
  error: FeedReadError | null;
  items: NormalisedItem[];
  dropped: number;
}

const sources = readFileSync(join(ROOT, 'SOURCES.tsv'), 'utf8')
  .trimEnd()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [path, repo, , , licence, what] = line.split('\t');
    return { path: path!, repo: repo!, licence: licence!, what: what! };
  });

const files = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(ROOT, d.name)).map((f) => `${d.name}/${f}`))
  .sort();

const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
  for (const file of files) {
    const bytes = readFileSync(join(ROOT, file));
    try {
      const doc = await readFeed(bytes);
      const normalised = doc.items.map((item) =>
        normaliseItem(item, { fetchedAt: FETCHED_AT, feedLink: doc.link, feedLanguage: doc.language }),
      );
      const items = normalised.filter((i): i is NormalisedItem => i !== null);
      outcomes.set(file, { doc, error: null, items, dropped: normalised.length - items.length });
    } catch (error) {
      // Anything but a FeedReadError fails the test below.
      outcomes.set(file, { doc: null, error: error as FeedReadError, items: [], dropped: 0 });
    }
  }
});

const outcome = (file: string): Outcome => {
  const found = outcomes.get(file);
  if (!found) throw new Error(`no fixture ${file}`);
  return found;
};
const read = (file: string): FeedDocument & { normalised: NormalisedItem[] } => {
  const { doc, error, items } = outcome(file);
  if (!doc) throw new Error(`${file} was refused: ${error?.code} ${error?.message}`);
  return { ...doc, normalised: items };
};

describe('the feed fixtures', () => {
  it('are exactly the files SOURCES.tsv lists, all under permissive licences', () => {
    expect(sources.map((s) => s.path).sort()).toEqual(files);
    for (const source of sources) {
      expect(source.licence).toMatch(/^(MIT|BSD|Apache|PSF|ISC|same as project)/);
      expect(source.repo).toBeTruthy();
      expect(source.what).toBeTruthy();
    }
  });

  it('each give a document or a one-line FeedReadError, never anything else', () => {
    for (const file of files) {
      const { doc, error } = outcome(file);
      if (doc) continue;
      expect({ file, error: error instanceof FeedReadError }).toEqual({ file, error: true });
      expect(`${file}: ${error!.message}`).toMatch(/^[^:]+: [^\n]{10,300}$/);
    }
  });

  it('never let local file content into any output', () => {
    for (const file of files) {
      const text = JSON.stringify(outcome(file)) + (outcome(file).error?.message ?? '');
      expect({ file, leaked: /root:|\/bin\/(ba)?sh|boot loader|\[boot/i.test(text) }).toEqual({
        file,
        leaked: false,
      });
    }
  });

  it('normalise into items with a title, a guid, an ISO date and an http(s) link or none', () => {
    for (const file of files) {
      for (const item of outcome(file).items) {
        expect(item.title.trim()).toBe(item.title);
        expect(item.title.length).toBeGreaterThan(0);
        expect(item.title).not.toMatch(/<\/?[a-z][^>]*>/i);
        expect(item.guid.length).toBeGreaterThan(0);
        expect(new Date(item.publishedAt).toISOString()).toBe(item.publishedAt);
        if (item.link !== null) expect(item.link).toMatch(/^https?:\/\/[^\s#]+$/);
      }
    }
  });
});

describe('attacks', () => {
  const attacks = files.filter((f) => f.startsWith('attacks/'));
  const expected: Record<string, FeedReadErrorCode> = {
    // An XHTML page: it is refused as what it is (it names the XHTML DTD, which is never fetched).
    'attacks/dtd-external-xhtml.xml': 'NOT_A_FEED',
    'attacks/gzip-bomb_21MB.xml.gz': 'TOO_LARGE',
  };

  it.each(attacks)('%s is refused', (file) => {
    const { doc, error } = outcome(file);
    expect(doc).toBeNull();
    expect(error?.code).toBe(expected[file] ?? 'ENTITIES_REFUSED');
  });

  it('covers XXE (file and http), parameter entities, billion laughs, quadratic blowup and UTF-16', () => {
    expect(attacks).toEqual(
      expect.arrayContaining([
        'attacks/xxe_external-file.xml',
        'attacks/xxe_system-entity-http_rss.xml',
        'attacks/parameter-entity-remote_atom.xml',
        'attacks/billion-laughs_xmlbomb.xml',
        'attacks/quadratic-blowup.xml',
        'attacks/xxe_utf16le-bom.xml',
      ]),
    );
    expect(outcome('attacks/xxe_external-file.xml').error?.message).toBe(
      'the document declares XML entities (DTD internal subset); refused',
    );
  });
});

describe('encodings', () => {
  it.each([
    [
      'encodings/windows1251_oren-ru-news.xml',
      'windows-1251',
      10,
      'В Бузулуке главные стройплощадки – детсад и Ледовый дворец',
      'ru',
    ],
    ['encodings/windows1251_ibash.xml', 'windows-1251', 50, 'Цитата #17703', 'ru'],
    ['encodings/koi8r_declared.xml', 'koi8-r', 2, 'Первая новость', 'ru'],
    ['encodings/koi8r_undeclared.xml', 'koi8-r', 1, 'Как пережить новогоднюю ночь', 'ru'],
    ['encodings/gb2312_undeclared.xml', 'gb18030', 1, '不归移民漫画系列：专业工作', 'zh'],
    ['encodings/shiftjis_undeclared.xml', 'cp932', 1, 'DrecomRSSに記事投稿が反映されない…', 'ja'],
    [
      'encodings/iso8859-1_jn-pt.rss',
      'windows-1252',
      40,
      'Mãe de utente é a nova presidente da Raríssimas',
      'pt',
    ],
    [
      'encodings/iso8859-1_golem.xml',
      'windows-1252',
      40,
      'Red Dead Redemption 2: Hinweise auf PC-Umsetzung in App von Rockstar Games',
      'de',
    ],
    [
      'encodings/iso8859-1_no-declaration_cerclepsy.xml',
      'windows-1252',
      9,
      'Perturbateurs endocriniens : quels effets sur le cerveau ?',
      'fr',
    ],
    [
      'encodings/urdu_bbc_utf8.xml',
      'utf-8',
      26,
      'امریکی عسکری امداد کی بندش کی وجوہات: انڈیا سے جنگ، جوہری پروگرام اور اب دہشت گردوں کی پشت پناہی',
      'ur',
    ],
    ['encodings/utf16be_no-bom_simplepie.xml', 'utf-16be', 1, 'Test feed title 1', null],
    ['encodings/windows1252_smartquote.xml', 'utf-8', 1, 'don’t', null],
    ['encodings/double-encoded-html.xml', 'utf-8', 1, '…', null],
    [
      'encodings/ca-security_ru_windows1251.xml',
      'windows-1251',
      3,
      'Китай и Таджикистан провели совместные антитеррористические учения',
      'ru',
    ],
    [
      'encodings/ca-security_zh_gbk-declared-gb2312.xml',
      'gb18030',
      2,
      '中国与塔吉克斯坦举行联合反恐演习',
      'zh',
    ],
    ['encodings/ca-security_zh-hant_big5.xml', 'big5hkscs', 1, '中吉兩國簽署邊境安全合作備忘錄', 'zh'],
    [
      'encodings/ca-security_utf16le-bom_atom.xml',
      'utf-16le',
      2,
      'Uzbekistan and China discuss information security — “cyber sovereignty” on the agenda',
      'en',
    ],
  ])('%s is read as %s: %i items, first "%s"', (file, encoding, count, title, language) => {
    const doc = read(file);
    expect(doc.encoding).toBe(encoding);
    expect(doc.normalised).toHaveLength(count);
    expect(doc.normalised[0]).toMatchObject({ title, language });
  });

  it.each([
    ['encodings/utf8_bom.xml', 'utf-8'],
    ['encodings/utf16le_bom.xml', 'utf-16le'],
    ['encodings/utf32be_bom.xml', 'utf-32be'],
    ['encodings/big5_declared.xml', 'big5hkscs'],
    ['encodings/gb2312_declared_atom.xml', 'gb18030'],
    ['encodings/iso8859-7_greek-date.xml', 'iso-8859-7'],
  ])('%s (a feed with no items) is read as %s', (file, encoding) => {
    expect(read(file)).toMatchObject({ encoding, items: [] });
  });

  it('decodes the feeds’ own titles too', () => {
    expect(read('encodings/koi8r_declared.xml').title).toBe('Пример RSS ленты');
    expect(read('encodings/ca-security_zh-hant_big5.xml').title).toBe('中亞安全新聞（測試）');
    expect(read('encodings/iso8859-1_jn-pt.rss').title).toBe('Jornal de Notícias - Últimas Notícias');
  });

  it('keeps characters GB2312 lacks when a feed declares GB2312 but writes GBK', () => {
    const [first, second] = read('encodings/ca-security_zh_gbk-declared-gb2312.xml').normalised;
    expect(first?.link).toBe('http://zh.example.org/zhongya/2024/0415/yanxi.shtml');
    expect(second).toMatchObject({
      title: '上海合作组织地区反恐怖机构理事会在塔什干召开会议',
      excerpt: '会议讨论了打击“三股势力”和加强边境安全合作等问题。（记者 王镕）',
      publishedAt: '2024-04-12T18:30:00.000Z',
      publishedAtEstimated: false,
    });
  });

  it('reads a Russian month name in a date, and a Kazakh title in UTF-16', () => {
    const [, rats] = read('encodings/ca-security_ru_windows1251.xml').normalised;
    expect(rats).toMatchObject({
      title: 'В Ташкенте прошло заседание Совета РАТС ШОС',
      publishedAt: '2024-04-12T14:30:00.000Z',
    });
    expect(rats?.excerpt).toContain('трёх зол');
    expect(read('encodings/ca-security_utf16le-bom_atom.xml').normalised[1]?.title).toBe(
      'Қазақстан мен Қытай шекара қауіпсіздігін талқылады',
    );
  });
});

describe('formats', () => {
  it.each([
    ['formats/rss090_heise_real.xml', 'rss0.9x', 60, 'OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen'],
    ['formats/rss091_netscape-doctype.xml', 'rss0.9x', 2, 'rss_0.91N.channel.item[0].title'],
    ['formats/rss091_userland.xml', 'rss0.9x', 2, 'rss_0.91U.channel.item[0].title'],
    ['formats/rss093.xml', 'rss0.9x', 2, 'rss_0.93.channel.item[0].title'],
    ['formats/rss094.xml', 'rss0.9x', 2, 'rss_0.94.channel.item[0].title'],
    ['formats/rss10_rdf_sciencemag.rss', 'rss1.0', 69, 'Food for fungi'],
    [
      'formats/rss10_rdf_slashdot_iso8859.xml',
      'rss1.0',
      3,
      'SpaceX Working With Cloudflare To Speed Up Starlink Service',
    ],
    ['formats/atom10_heise_real.atom', 'atom', 15, 'Java-Anwendungsserver: Red Hat gibt WildFly 10 frei'],
    [
      'formats/atom10_google-alerts.xml',
      'atom',
      20,
      'Report offers Prediction of Automotive Slack Market by Top key players like Haldex, Meritor, Bendix ...',
    ],
    ['formats/jsonfeed10_adactio.json', 'json', 10, 'The line-up for dConstruct 2022 …revealed!'],
    ['formats/jsonfeed10_feedparser-example.json', 'json', 2, 'post 2'],
    ['formats/jsonfeed11_escaped-slashes_lukedorny.json', 'json', 30, 'New Font'],
    [
      'formats/jsonfeed11_influxdata.json',
      'json',
      3,
      'InfluxDB vs. Graphite for Time Series Data & Metrics Benchmark',
    ],
    ['formats/jsonfeed11_ca-security.json', 'json', 2, 'SCO members announce next Peace Mission exercise'],
  ])('%s is %s with %i items, first "%s"', (file, format, count, title) => {
    const doc = read(file);
    expect(doc.format).toBe(format);
    expect(doc.normalised).toHaveLength(count);
    expect(doc.normalised[0]?.title).toBe(title);
  });

  it('ignores the Netscape RSS 0.91 DOCTYPE and says so', () => {
    expect(read('formats/rss091_netscape-doctype.xml').warnings).toEqual([
      'the DOCTYPE\'s DTD ("-//Netscape Communications//DTD RSS 0.91//EN") was ignored, not loaded',
    ]);
  });

  it('reads dates, links and authors from each format', () => {
    expect(read('formats/rss10_rdf_sciencemag.rss').normalised[0]).toMatchObject({
      link: 'http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1',
      publishedAt: '2017-06-15T17:29:47.000Z',
      author: 'Hines, P. J.',
    });
    const json = read('formats/jsonfeed11_ca-security.json').normalised;
    expect(json[0]).toMatchObject({
      guid: 'https://json.example.org/2024/04/sco-peace-mission',
      link: 'https://json.example.org/2024/04/sco-peace-mission',
      author: 'Digest desk',
      categories: ['SCO', 'military-exercise'],
      publishedAt: '2024-04-08T06:00:00.000Z',
    });
    expect(json[1]).toMatchObject({
      guid: '2',
      title: 'Turkmenistan tightens security on the Afghan border.',
    });
    expect(read('formats/jsonfeed11_escaped-slashes_lukedorny.json').normalised[0]?.link).toBe(
      'https://lukedorny.com/updates/new-font',
    );
  });
});

describe('malformed documents', () => {
  it.each([
    ['malformed/empty-file.xml', 'EMPTY'],
    ['malformed/empty-document-comment-only.xml', 'EMPTY'],
    ['malformed/not-a-feed.html', 'NOT_A_FEED'],
    ['malformed/not-a-feed_html-redirect.rss', 'NOT_A_FEED'],
    ['malformed/utf8-declared-latin1-bytes.xml', 'NOT_A_FEED'],
    ['malformed/jsonfeed_truncated-misspelled.json', 'MALFORMED'],
  ])('%s is refused as %s', (file, code) => {
    expect(outcome(file).error?.code).toBe(code);
  });

  it.each([
    ['malformed/gzip-compressed-body.xml', 25, 'NSOperation', /^the body was gzip-compressed/],
    ['malformed/bad-date_epoch-in-dc-date.xml', 2, 'Item 0 with an invalid date', /repaired and read$/],
    ['malformed/saxerror_raw-ampersand.xml', 3, 'Good Item', /unescaped "&"/],
    ['malformed/pcmag_illegally-nested-items.xml', 10, 'My Professional Armchair Analysis of CES', null],
    ['malformed/rss_giantbomb-podcast_1.6MB.rss', 730, 'Giant Bombcast 603: Call of Tuesday', null],
    [
      'malformed/uol_no-decl_latin1-bytes.rss',
      15,
      'Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno',
      /no version/,
    ],
    ['malformed/items-without-titles.xml', 5, 'some content', null],
    ['malformed/html-in-description_crazy.xml', 1, 'Crazy HTML -- Can Your Regex Parse This?', null],
  ])('%s gives %i items, first "%s"', (file, count, title, warning) => {
    const doc = read(file);
    expect(doc.normalised).toHaveLength(count);
    expect(doc.normalised[0]?.title).toBe(title);
    if (warning) expect(doc.warnings).toContainEqual(expect.stringMatching(warning));
  });

  it.each([
    [
      'malformed/reuters_truncated-server-exception.xml',
      'Reuters: Most Read Articles',
      /^the XML was not well-formed \(Unclosed root tag at line 19, column 85\)/,
    ],
    ['malformed/unclosed-channel.xml', null, /^the XML was not well-formed \(Unexpected close tag/],
    ['malformed/unclosed-root-rss.xml', null, /no <channel>/],
    ['malformed/incomplete-cdata.xml', 'can feedparser read this xml', /repaired and read$/],
    [
      'malformed/invalid-bytes-after-bom.xml',
      'Valid UTF8: ѨInvalid UTF8: Espa\ufffda',
      /invalid UTF-8 bytes/,
    ],
    ['malformed/bogus-encoding-name.xml', null, /unknown encoding "bogus"/],
    ['malformed/declared-ascii-has-high-bytes.xml', '£', /no version/],
    ['malformed/whitespace-before-xml-decl.xml', 'Whitespace before XML declaration', null],
    ['malformed/xml-version-1.1.xml', null, /no <channel>/],
    ['malformed/missing-dc-namespace.xml', 'Missing namespace declaration', null],
    ['malformed/bad-date_wrong-weekday.xml', 'Invalid date format', null],
  ])('%s is read for what it holds (title %j)', (file, title, warning) => {
    const doc = read(file);
    expect(doc.title).toBe(title);
    if (warning) expect(doc.warnings).toContainEqual(expect.stringMatching(warning));
  });

  it('reads the channel language even when its namespace is undeclared', () => {
    expect(read('malformed/missing-dc-namespace.xml').language).toBe('en-us');
  });

  it('drops items that hold nothing (an Atom entry with an empty author, a title cut off in CDATA)', () => {
    expect(outcome('malformed/atom-entry-empty-author.atom')).toMatchObject({ items: [], dropped: 1 });
    expect(outcome('malformed/incomplete-cdata.xml')).toMatchObject({ items: [], dropped: 1 });
  });

  it('takes the date from an epoch in dc:date and from a pubDate that is only ISO 8601', () => {
    const [first, second] = read('malformed/bad-date_epoch-in-dc-date.xml').normalised;
    expect(first).toMatchObject({ publishedAt: '2017-10-16T15:10:00.000Z', publishedAtEstimated: false });
    expect(second).toMatchObject({ publishedAt: '2017-10-17T12:17:00.000Z', publishedAtEstimated: false });
  });

  it('drops scripts and markup from HTML in titles and descriptions', () => {
    const description = read('malformed/html-in-description_crazy.xml').normalised[0]!;
    const title = read('malformed/html-in-title_script.xml').normalised[0]!;
    for (const text of [description.excerpt, title.title]) {
      expect(text).toContain('Did The Javascript Execute?');
      expect(text).not.toMatch(/executeMe|alert\(|<|am_i_javascript/);
    }
  });

  it('repairs a link with a bare ampersand', () => {
    expect(read('malformed/saxerror_raw-ampersand.xml').normalised[1]?.link).toBe(
      'http://example.com/bad?bar=2&foo=1',
    );
  });

  it('reads an HTML entity the XML does not define, rather than failing the feed', () => {
    const doc = read('malformed/undefined-entity-uuml.xml');
    expect(doc.title).toBe('Sockenbärs Logbuch');
    expect(doc.normalised[0]?.title).toBe('Und tschüss.');
  });
});

describe('news', () => {
  it.each([
    [
      'news-general/guardian-us_rss-parser.rss',
      55,
      'Trump State of the Union address promised unity but emphasized discord',
    ],
    [
      'news-general/spiegel.xml',
      1,
      '07.02. – die Wochenvorschau: Lockdown-Verlängerung, Kriegsverbrecher vor Gericht, Super Bowl, Karneval',
    ],
    ['news-general/washingtonpost-wellness.xml', 29, 'Schools minister to kids’ fitness and nutrition needs'],
    [
      'news-general/google-news-top_rss_2022.xml',
      38,
      'In a major boost to Democrats, Manchin and Schumer announce deal for energy and health care bill - CNN',
    ],
    [
      'news-general/google-news-top_atom_2022.xml',
      38,
      'In a major boost to Democrats, Manchin and Schumer announce deal for energy and health care bill - CNN',
    ],
    [
      'news-general/ca-security_en_rss20.xml',
      5,
      'China and Tajikistan hold joint counter-terrorism exercise near the Afghan border',
    ],
  ])('%s gives %i items, first "%s", all dated and linked', (file, count, title) => {
    const doc = read(file);
    expect(doc.normalised).toHaveLength(count);
    expect(doc.normalised[0]?.title).toBe(title);
    const undated = file.includes('ca-security') ? 1 : 0;
    expect(doc.normalised.filter((i) => i.publishedAtEstimated)).toHaveLength(undated);
    expect(doc.normalised.every((i) => i.link !== null)).toBe(true);
  });

  it('normalises the Central Asia test feed as a reviewer would expect', () => {
    const [exercise, rats, border, , note] = read('news-general/ca-security_en_rss20.xml').normalised;
    expect(exercise).toMatchObject({
      guid: 'steppe-2024-0415-001',
      guidIsFallback: false,
      link: 'https://news.example.org/central-asia/2024/04/china-tajikistan-exercise',
      publishedAt: '2024-04-15T03:30:00.000Z',
      author: 'Staff reporter',
      categories: ['Tajikistan', 'Counter-terrorism'],
      language: 'en',
    });
    expect(exercise?.excerpt).not.toContain('track()');
    expect(rats).toMatchObject({
      title: 'SCO RATS council meets in Tashkent',
      link: 'https://news.example.org/central-asia/2024/04/rats-council-tashkent',
      guid: 'https://news.example.org/central-asia/2024/04/rats-council-tashkent',
      guidIsFallback: true,
      publishedAt: '2024-04-12T10:00:00.000Z',
    });
    expect(border).toMatchObject({
      link: 'https://news.example.org/central-asia/2024/04/kg-cn-border?a=1&b=2',
      guid: 'https://news.example.org/central-asia/2024/04/kg-cn-border?a=1&b=2',
    });
    expect(note).toMatchObject({
      title:
        'Undated note without a title: Chinese private security companies are expanding their presence along the pipeline…',
      publishedAt: FETCHED_AT.toISOString(),
      publishedAtEstimated: true,
    });
  });
});
