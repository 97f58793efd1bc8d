import type { RawFeedItem } from './feed-document';
import { canonicalUrl, cleanText, detectLanguage, normaliseItem, parseFeedDate } from './normalise';

const fetchedAt = new Date('2024-04-16T06:00:00Z');

const rawItem = (over: Partial<RawFeedItem> = {}): RawFeedItem => ({
  guid: null,
  link: null,
  title: null,
  summary: null,
  content: null,
  published: null,
  author: null,
  categories: [],
  ...over,
});

describe('canonicalUrl', () => {
  it.each([
    [
      'https://NEWS.Example.org:443/a/../b?utm_source=rss&b=2&a=1&fbclid=x#comments',
      'https://news.example.org/b?a=1&b=2',
    ],
    [
      'http://example.org:80/path?gclid=1&yclid=2&mc_cid=3&mc_eid=4&_ga=5&ref_src=6&ocid=7&spm=8',
      'http://example.org/path',
    ],
    [
      'https://www.theguardian.com/world/2024/x?CMP=share_btn_tw&page=2',
      'https://www.theguardian.com/world/2024/x?page=2',
    ],
    ['https://zh.example.org/a.shtml?from=rss', 'https://zh.example.org/a.shtml'],
    ['https://example.org/search?from=2024-01-01&q=sco', 'https://example.org/search?from=2024-01-01&q=sco'],
    ['https://example.org/a?ref=rss&cmpid=abc&id=7', 'https://example.org/a?id=7'],
    ['  https://example.org./a\n', 'https://example.org/a'],
    ['https://user:secret@example.org/a', 'https://example.org/a'],
  ])('%s → %s', (url, canonical) => {
    expect(canonicalUrl(url)).toBe(canonical);
  });

  it('resolves relative and protocol-relative links against the base', () => {
    const base = 'https://news.example.org/central-asia/feed.xml';
    expect(canonicalUrl('/central-asia/2024/rats', base)).toBe(
      'https://news.example.org/central-asia/2024/rats',
    );
    expect(canonicalUrl('2024/rats?utm_medium=feed', base)).toBe(
      'https://news.example.org/central-asia/2024/rats',
    );
    expect(canonicalUrl('//cdn.example.org/x', base)).toBe('https://cdn.example.org/x');
    expect(canonicalUrl('/relative-without-base')).toBeNull();
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>x</script>',
    'mailto:desk@example.org',
    'ftp://example.org/x',
    'not a url',
    '',
    'http://',
  ])('refuses %j', (url) => {
    expect(canonicalUrl(url, 'https://news.example.org/')).toBeNull();
  });
});

describe('cleanText', () => {
  it('strips tags, scripts, styles and comments, and folds whitespace', () => {
    expect(
      cleanText(
        '<p>SCO <b>RATS</b>\n council<br/>meets</p><script>alert("x")</script><style>p { color: red }</style><!-- <p>hidden</p> -->  in\tTashkent',
      ),
    ).toBe('SCO RATS council meets in Tashkent');
  });

  it('keeps words of inline markup together and separates blocks', () => {
    expect(cleanText('Kazakh<i>stan</i><div>Kyrgyz</div>stan')).toBe('Kazakhstan Kyrgyz stan');
  });

  it('decodes numeric references and the XML ones, reading 0x80–0x9F as windows-1252 does', () => {
    expect(
      cleanText(
        'caf&#233; &#x4E2D;&#20122; &lt;3 &quot;ok&quot; &apos;a&apos; a&nbsp;b R&amp;D &#146;quote&#146;',
      ),
    ).toBe('café 中亚 <3 "ok" \'a\' a b R&D ’quote’');
  });

  it('strips markup that was escaped twice', () => {
    expect(cleanText('&lt;p&gt;Border &lt;b&gt;talks&lt;/b&gt;&lt;/p&gt;')).toBe('Border talks');
    expect(cleanText('caf&eacute; &rsquo;&laquo;ШОС&raquo;')).toBe('café ’«ШОС»');
  });

  it('repairs UTF-8 read as windows-1252 or Latin-1, and stray C1 characters', () => {
    expect(cleanText('donâ€™t Ã©tÃ© \u00e2\u0080\u00a6 don\u0092t')).toBe('don’t été … don’t');
  });

  it('leaves text without markup alone', () => {
    expect(cleanText('Tajikistan: 2 < 3 and 5 > 4, «три зла»')).toBe(
      'Tajikistan: 2 < 3 and 5 > 4, «три зла»',
    );
    expect(cleanText(null)).toBe('');
    expect(cleanText(undefined)).toBe('');
  });

  it('truncates on a word boundary with an ellipsis, never past the limit', () => {
    const text = 'Chinese and Tajik border guards held a joint counter-terrorism exercise in the Pamirs';
    const cut = cleanText(text, 40);
    expect(cut).toBe('Chinese and Tajik border guards held a…');
    expect([...cut].length).toBeLessThanOrEqual(40);
    expect(cleanText('中国与塔吉克斯坦举行联合反恐演习', 8)).toBe('中国与塔吉克斯…');
    expect(cleanText('short', 40)).toBe('short');
  });
});

describe('detectLanguage', () => {
  it.each([
    ['China and Tajikistan hold a joint exercise near the border', 'en'],
    ['Китай и Таджикистан провели совместные антитеррористические учения', 'ru'],
    ['中国与塔吉克斯坦举行联合反恐演习', 'zh'],
    ['中亞安全新聞：中吉兩國簽署邊境安全合作備忘錄', 'zh'],
    ['カザフスタンと中国が国境の安全について話し合いました', 'ja'],
    ['Қазақстан мен Қытай шекара қауіпсіздігін талқылады', 'kk'],
    ['Кыргызстан менен Кытай чек ара коопсуздугу боюнча өнүгүү', 'ky'],
    ['Тоҷикистон ва Чин машқҳои муштарак гузарониданд', 'tg'],
    ['Хитой ва Ўзбекистон хавфсизлик бўйича ҳамкорлик қилади', 'uz'],
    ['Торгівля між Росією та Китаєм у 2023 році перевищила 200 млрд доларів', 'uk'],
    ['Xitoy va Oʻzbekiston xavfsizlik boʻyicha hamkorlik qiladi', 'uz'],
    ['Les autorités du Kazakhstan et de la Chine ont signé un accord', 'fr'],
    ['Die Regierung von Kasachstan und China haben ein Abkommen', 'de'],
    ['Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações', 'pt'],
    ['امریکی عسکری امداد کی بندش کی وجوہات', 'ur'],
    ['پاکستان و افغانستان در مرز گفتگو کردند', 'fa'],
    ['الصين وطاجيكستان تجريان مناورات مشتركة', 'ar'],
    ['한국어 텍스트입니다', 'ko'],
  ])('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it.each(['', '2024 — 12:00', 'ok', 'Kazakhstan-China border talks'])('is unsure about %j', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Mon, 15 Apr 2024 08:30:00 +0500', '2024-04-15T03:30:00.000Z'],
    ['Fri, 15 Apr 2024 08:30:00 GMT', '2024-04-15T08:30:00.000Z'], // wrong weekday: the date wins
    ['15 Apr 24 08:30 EST', '2024-04-15T13:30:00.000Z'],
    ['Mon, 15 Apr 2024 08:30 +05:00', '2024-04-15T03:30:00.000Z'],
    ['2024-04-12T10:00:00Z', '2024-04-12T10:00:00.000Z'],
    ['2002-12-31T01:15:07-05:00', '2002-12-31T06:15:07.000Z'],
    ['2024-04-12T10:00:00.123+05:00', '2024-04-12T05:00:00.000Z'],
    ['2024-04-12 18:30:00', '2024-04-12T18:30:00.000Z'],
    ['2024-04-12', '2024-04-12T00:00:00.000Z'],
    ['1713170000', '2024-04-15T08:33:20.000Z'],
    ['1713170000000', '2024-04-15T08:33:20.000Z'],
    ['12 апреля 2024 14:30', '2024-04-12T14:30:00.000Z'],
    ['Пн, 15 апр 2024 10:00:00 +0300', '2024-04-15T07:00:00.000Z'],
    ['Τρι, 29 Ιούν 2004 12:53:00 GMT', '2004-06-29T12:53:00.000Z'],
    ['mar, 15 abr 2024 10:00:00 +0200', '2024-04-15T08:00:00.000Z'],
    ['15 janvier 2024', '2024-01-15T00:00:00.000Z'],
    ['Mi, 13 Mär 2024 10:00:00 +0100', '2024-03-13T09:00:00.000Z'],
    ['2024年4月15日 16:00', '2024-04-15T16:00:00.000Z'],
    ['15.04.2024 10:00', '2024-04-15T10:00:00.000Z'],
    ['April 15th, 2024 at 3:45 pm', '2024-04-15T15:45:00.000Z'],
    ['Tue Apr 16 2024 10:00:00 GMT+0300 (Moscow Standard Time)', '2024-04-16T07:00:00.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(parseFeedDate(raw)?.toISOString()).toBe(iso);
  });

  it.each(['', 'garbage', 'Monday', '31 Apr 2024', '2024-13-01', 'yesterday at noon'])(
    'finds no date in %j',
    (raw) => {
      expect(parseFeedDate(raw)).toBeNull();
    },
  );
});

describe('normaliseItem', () => {
  const context = { fetchedAt, feedLink: 'https://news.example.org/central-asia/', feedLanguage: 'en-GB' };

  it('cleans a full item', () => {
    const item = normaliseItem(
      rawItem({
        guid: 'https://News.example.org/p/1?utm_source=rss',
        link: '2024/04/exercise?utm_medium=feed#top',
        title: '  China &amp; <b>Tajikistan</b> hold joint exercise ',
        summary:
          '<p>Units trained together in the Gorno-Badakhshan region near the Afghan border, officials said on Monday.</p>',
        content: '<p>Full text</p>',
        published: 'Mon, 15 Apr 2024 08:30:00 +0500',
        author: ' <a href="mailto:x">Staff</a> ',
        categories: ['Tajikistan', ' tajikistan ', '<b>SCO</b>', ''],
      }),
      context,
    );
    expect(item).toEqual({
      guid: 'https://news.example.org/p/1',
      guidIsFallback: false,
      link: 'https://news.example.org/central-asia/2024/04/exercise',
      title: 'China & Tajikistan hold joint exercise',
      excerpt:
        'Units trained together in the Gorno-Badakhshan region near the Afghan border, officials said on Monday.',
      publishedAt: '2024-04-15T03:30:00.000Z',
      publishedAtEstimated: false,
      language: 'en',
      author: 'Staff',
      categories: ['Tajikistan', 'SCO'],
    });
  });

  it('falls back from the guid to the canonical link to a hash of title and date', () => {
    const withLink = normaliseItem(rawItem({ title: 'T', link: 'https://e.org/a?fbclid=1' }), context);
    expect(withLink).toMatchObject({ guid: 'https://e.org/a', guidIsFallback: true });

    const bare = (published: string | null) =>
      normaliseItem(rawItem({ title: 'Border talks', published }), context);
    expect(bare('2024-04-10')?.guid).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(bare('2024-04-10')?.guid).toBe(bare('2024-04-10')?.guid);
    expect(bare('2024-04-11')?.guid).not.toBe(bare('2024-04-10')?.guid);
    expect(bare(null)).toMatchObject({ guidIsFallback: true, link: null });

    expect(
      normaliseItem(rawItem({ guid: ' steppe-001 ', title: 'T', link: 'https://e.org/a' }), context),
    ).toMatchObject({
      guid: 'steppe-001',
      guidIsFallback: false,
    });
  });

  it('gives an untitled item the first sentence of its text, or its link', () => {
    const untitled = normaliseItem(
      rawItem({
        summary:
          '<p>Chinese private security companies are expanding in Kazakhstan. Analysts expect more.</p>',
      }),
      context,
    );
    expect(untitled?.title).toBe('Chinese private security companies are expanding in Kazakhstan.');
    const long = normaliseItem(rawItem({ content: 'word '.repeat(100) }), context);
    expect(long?.title.endsWith('…')).toBe(true);
    expect([...(long?.title ?? '')].length).toBeLessThanOrEqual(120);
    expect(normaliseItem(rawItem({ link: 'https://e.org/only-a-link' }), context)?.title).toBe(
      'https://e.org/only-a-link',
    );
  });

  it('prefers the content when the summary is only a teaser, and caps the excerpt at 2,000 characters', () => {
    const teaser = normaliseItem(
      rawItem({ title: 'T', summary: 'Read more', content: '<p>The whole story.</p>' }),
      context,
    );
    expect(teaser?.excerpt).toBe('The whole story.');
    const huge = normaliseItem(rawItem({ title: 'T', content: 'абв '.repeat(1000) }), context);
    expect([...(huge?.excerpt ?? '')].length).toBeLessThanOrEqual(2000);
    expect(huge?.excerpt.endsWith('…')).toBe(true);
  });

  it.each<[string | null, string]>([
    [null, 'no date'],
    ['not a date', 'an unreadable date'],
    ['2024-04-19T00:00:00Z', 'a date more than two days ahead'],
    ['1989-12-31T23:59:59Z', 'a date before 1990'],
  ])('uses the fetch time, marked as estimated, for %s (%s)', (published) => {
    expect(normaliseItem(rawItem({ title: 'T', published }), context)).toMatchObject({
      publishedAt: fetchedAt.toISOString(),
      publishedAtEstimated: true,
    });
  });

  it('believes a date up to two days ahead of the fetch (time zones, clocks)', () => {
    expect(normaliseItem(rawItem({ title: 'T', published: '2024-04-17T20:00:00Z' }), context)).toMatchObject({
      publishedAt: '2024-04-17T20:00:00.000Z',
      publishedAtEstimated: false,
    });
  });

  it('detects the language from the text, else takes the feed’s', () => {
    expect(
      normaliseItem(rawItem({ title: 'Китай и Казахстан провели переговоры о границе' }), context)?.language,
    ).toBe('ru');
    expect(normaliseItem(rawItem({ title: 'SCO-RATS 2024' }), context)?.language).toBe('en');
    expect(
      normaliseItem(rawItem({ title: 'SCO-RATS 2024' }), { fetchedAt, feedLanguage: 'rss_0.91.language' })
        ?.language,
    ).toBeNull();
  });

  it('drops an item with no title, no link and no text', () => {
    expect(normaliseItem(rawItem({ summary: '<p> </p>', guid: 'x' }), context)).toBeNull();
  });
});
